package io.github.farolero.amocrm.internal;

import com.squareup.moshi.Json;
import com.squareup.moshi.JsonAdapter;
import io.github.farolero.amocrm.api.AddedCalls;
import io.github.farolero.amocrm.api.Calls;
import io.github.farolero.amocrm.api.Entities;
import io.github.farolero.amocrm.error.PartialBatchException;
import io.github.farolero.amocrm.error.ValidationError;
import io.github.farolero.amocrm.error.ValidationException;
import io.github.farolero.amocrm.model.Call;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /api/v4/calls}. Each call goes with its index in the request as {@code request_id},
 * so amoCRM's answers (attached calls under {@code _embedded.calls}, the rest under {@code
 * errors}) map back to the inputs whatever their order. Thread-safe.
 */
final class CallsImpl implements Calls {

  /** The answer: the calls attached, and the errors of those that were not. */
  public record AnswerJson(
      @Json(name = "_embedded") @Nullable EmbeddedJson embedded,
      @Nullable List<ErrorJson> errors) {}

  /** The {@code _embedded} of the answer; amoCRM may put {@code errors} here too. */
  public record EmbeddedJson(@Nullable List<AddedJson> calls, @Nullable List<ErrorJson> errors) {}

  /** One attached call. */
  public record AddedJson(
      @Nullable Long id,
      @Json(name = "entity_id") @Nullable Long entityId,
      @Json(name = "entity_type") @Nullable String entityType,
      @Json(name = "request_id") @Nullable Object requestId) {}

  /** One call not attached. */
  public record ErrorJson(
      @Json(name = "request_id") @Nullable Object requestId,
      @Nullable Integer status,
      @Nullable String title,
      @Nullable String detail) {}

  private static final JsonAdapter<Call> CALL = ModelJson.adapter(Call.class);
  private static final JsonAdapter<AnswerJson> ANSWER = ModelJson.adapter(AnswerJson.class);

  private final ApiTransport transport;
  private final HttpUrl url;

  CallsImpl(ApiTransport transport) {
    this.transport = transport;
    this.url = transport.url("calls");
  }

  @Override
  public AddedCalls add(List<Call> calls) {
    Objects.requireNonNull(calls, "calls == null");
    for (int i = 0; i < calls.size(); i++) {
      Objects.requireNonNull(calls.get(i), "calls[" + i + "] == null");
    }
    List<AddedCalls.Added> added = new ArrayList<>();
    List<AddedCalls.Error> errors = new ArrayList<>();
    int n = calls.size();
    int size = Entities.BATCH_SIZE;
    int requests = (n + size - 1) / size;
    for (int offset = 0, k = 1; offset < n; offset += size, k++) {
      List<Call> chunk = calls.subList(offset, Math.min(n, offset + size));
      AnswerJson answer;
      try {
        answer = transport.executeSource("POST", url, json(chunk), ApiTransport.MAX_BODY,
            ANSWER::fromJson);
      } catch (RuntimeException e) {
        RuntimeException failure = e instanceof ValidationException v && offset > 0
            ? shifted(v, offset) : e;
        if (offset == 0) {
          throw failure;
        }
        throw new PartialBatchException("a batch POST " + url.encodedPath() + " of " + n
            + " calls stopped at request " + k + " of " + requests + " (calls " + offset + " to "
            + (offset + chunk.size() - 1) + "); calls 0 to " + (offset - 1) + " were sent (see"
            + " saved()): " + failure.getMessage(),
            List.of(new AddedCalls(added, errors)), failure);
      }
      collect(answer, offset, chunk.size(), added, errors);
    }
    added.sort(Comparator.comparingInt(AddedCalls.Added::index));
    errors.sort(Comparator.comparingInt(AddedCalls.Error::index));
    return new AddedCalls(added, errors);
  }

  private static void collect(@Nullable AnswerJson answer, int offset, int size,
      List<AddedCalls.Added> added, List<AddedCalls.Error> errors) {
    if (answer == null) {
      return; // 204: nothing attached, nothing said
    }
    List<ErrorJson> errs = new ArrayList<>();
    if (answer.errors() != null) {
      errs.addAll(answer.errors());
    }
    if (answer.embedded() != null && answer.embedded().errors() != null) {
      errs.addAll(answer.embedded().errors());
    }
    if (answer.embedded() != null && answer.embedded().calls() != null) {
      for (AddedJson a : answer.embedded().calls()) {
        if (a != null) {
          added.add(new AddedCalls.Added(index(a.requestId(), offset, size),
              a.id() == null ? 0 : a.id(), a.entityId(), a.entityType()));
        }
      }
    }
    for (ErrorJson e : errs) {
      if (e != null) {
        errors.add(new AddedCalls.Error(index(e.requestId(), offset, size), e.status(),
            e.title(), e.detail()));
      }
    }
  }

  private static int index(@Nullable Object requestId, int offset, int size) {
    int i = Problem.requestIndex(requestId);
    return i >= 0 && i < size ? offset + i : -1;
  }

  private static String json(List<Call> chunk) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < chunk.size(); i++) {
      String one = CALL.toJson(chunk.get(i)); // never "{}": direction is always there
      sb.append(i == 0 ? "" : ",").append("{\"request_id\":\"").append(i).append("\",")
          .append(one, 1, one.length());
    }
    return sb.append(']').toString();
  }

  private static ValidationException shifted(ValidationException e, int offset) {
    List<ValidationError> out = new ArrayList<>();
    for (ValidationError v : e.validationErrors()) {
      out.add(v.index() < 0 ? v
          : new ValidationError(v.index() + offset, v.code(), v.path(), v.detail()));
    }
    return new ValidationException(e.getMessage() + " (indices moved by " + offset
        + " into the caller's list)", e.title(), e.detail(), e.requestId(), out, offset, e);
  }
}
