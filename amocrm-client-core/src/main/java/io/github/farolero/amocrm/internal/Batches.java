package io.github.farolero.amocrm.internal;

import com.squareup.moshi.JsonAdapter;
import io.github.farolero.amocrm.api.Entities;
import io.github.farolero.amocrm.api.SaveResult;
import io.github.farolero.amocrm.error.AmoCrmException;
import io.github.farolero.amocrm.error.PartialBatchException;
import io.github.farolero.amocrm.error.ValidationError;
import io.github.farolero.amocrm.error.ValidationException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * Sends any number of entities in requests of at most 50 and maps the answers back to the
 * inputs: by {@code request_id} (amoCRM's index within the request) when it is there and makes
 * sense, else by position. A 400 is rethrown with its errors' indices moved into the caller's
 * list. A failure after an earlier request was saved is a {@link PartialBatchException} carrying
 * the saved results.
 */
final class Batches {
  private Batches() {}

  private static final JsonAdapter<WireRecords.Saved> SAVED =
      ModelJson.adapter(WireRecords.Saved.class);

  /** Builds the result for input {@code index} of the caller's list from one answer entry. */
  interface ResultMaker<R, O> {
    O make(int index, R entry);
  }

  /**
   * Adds or updates entities whose answer is a HAL list of ids under {@code _embedded.<key>}:
   * one {@link SaveResult} per input.
   */
  static <T> List<SaveResult> save(ApiTransport transport, String method, HttpUrl url,
      String key, List<T> inputs, JsonAdapter<T> adapter) {
    return save(transport, method, url, key, inputs, adapter, WriteJson::entity);
  }

  /** As {@link #save}, with each element's JSON made a write's by {@code write}. */
  static <T> List<SaveResult> save(ApiTransport transport, String method, HttpUrl url,
      String key, List<T> inputs, JsonAdapter<T> adapter, UnaryOperator<String> write) {
    return send(transport, method, url, inputs, chunk -> jsonArray(chunk, adapter, write),
        body -> HalPage.read(body, key, SAVED).items(),
        WireRecords.Saved::requestId, WriteOptions::requestIdOf,
        (index, s) -> new SaveResult(index, s.id() == null ? 0 : s.id(), s.updatedAt(),
            WriteOptions.requestIdOf(inputs.get(index))));
  }

  static <T, R, O> List<O> send(ApiTransport transport, String method, HttpUrl url,
      List<T> inputs, Function<List<T>, String> body, ApiTransport.BodyReader<List<R>> reader,
      Function<R, @Nullable Object> requestId, ResultMaker<R, O> maker) {
    return send(transport, method, url, inputs, body, reader, requestId, input -> null, maker);
  }

  /**
   * As above, where an input may carry the caller's own {@code request_id} ({@code callerId}):
   * amoCRM echoes it, so an answer carrying it belongs to that input; an answer with a number is
   * the index of an input without one (amoCRM's own numbering); anything else goes by position.
   */
  static <T, R, O> List<O> send(ApiTransport transport, String method, HttpUrl url,
      List<T> inputs, Function<List<T>, String> body, ApiTransport.BodyReader<List<R>> reader,
      Function<R, @Nullable Object> requestId, Function<T, @Nullable String> callerId,
      ResultMaker<R, O> maker) {
    int n = inputs.size();
    Object[] results = new Object[n];
    int requests = (n + Entities.BATCH_SIZE - 1) / Entities.BATCH_SIZE;
    for (int offset = 0, k = 1; offset < n; offset += Entities.BATCH_SIZE, k++) {
      List<T> chunk = inputs.subList(offset, Math.min(n, offset + Entities.BATCH_SIZE));
      String[] callers = new String[chunk.size()];
      boolean anyCaller = false;
      for (int j = 0; j < chunk.size(); j++) {
        callers[j] = callerId.apply(chunk.get(j));
        anyCaller |= callers[j] != null;
      }
      List<R> answer;
      try {
        answer = transport.execute(method, url, body.apply(chunk), reader);
        if (answer == null || answer.size() != chunk.size()) {
          throw new AmoCrmException("amoCRM answered " + method + " " + url.encodedPath()
              + " with " + (answer == null ? 0 : answer.size()) + " results for " + chunk.size()
              + " inputs (inputs " + offset + " to " + (offset + chunk.size() - 1) + ")");
        }
      } catch (RuntimeException e) {
        RuntimeException failure = e instanceof ValidationException v
            ? translate(anyCaller ? byCallerIds(v, callers) : v, method, url, offset,
                chunk.size(), k, requests) : e;
        if (offset == 0) {
          throw failure; // nothing was saved: the failure as a single request throws it
        }
        // Earlier requests were saved: say which, with their results, or the caller adds them
        // again when it retries the batch.
        throw new PartialBatchException("a batch " + method + " " + url.encodedPath() + " of "
            + n + " inputs stopped at request " + k + " of " + requests + " (inputs " + offset
            + " to " + (offset + chunk.size() - 1) + "); inputs 0 to " + (offset - 1)
            + " were saved (see saved()): " + failure.getMessage(),
            Arrays.asList(results).subList(0, offset), failure);
      }
      boolean[] taken = new boolean[chunk.size()];
      int[] order = new int[answer.size()];
      for (int pos = 0; pos < answer.size(); pos++) {
        Object raw = requestId.apply(answer.get(pos));
        int idx = anyCaller ? callerIndex(raw, callers, taken) : -1;
        if (idx < 0) {
          idx = Problem.requestIndex(raw);
          idx = idx >= 0 && idx < chunk.size() && callers[idx] == null ? idx : -1;
        }
        order[pos] = idx >= 0 && !taken[idx] ? idx : -1;
        if (order[pos] >= 0) {
          taken[order[pos]] = true;
        }
      }
      for (int pos = 0; pos < answer.size(); pos++) {
        int idx = order[pos];
        if (idx < 0) { // no usable request_id: the first input not yet answered
          idx = 0;
          while (taken[idx]) {
            idx++;
          }
          taken[idx] = true;
        }
        results[offset + idx] = maker.make(offset + idx, answer.get(pos));
      }
    }
    @SuppressWarnings("unchecked")
    List<O> out = (List<O>) (List<?>) Arrays.asList(results);
    return List.copyOf(out);
  }

  /**
   * A 400's errors with each input named by the caller's request_id where the caller set them:
   * an error under {@code request_id} "7" is the input the caller named "7" if there is one, else
   * input 7 only if the caller named that input nothing (else unknown, -1). An error under a
   * request_id that is not a number was read as unknown (-1) and stays so.
   */
  private static ValidationException byCallerIds(ValidationException e, String[] callers) {
    List<ValidationError> mapped = new ArrayList<>();
    for (ValidationError v : e.validationErrors()) {
      int index = v.index();
      if (index >= 0) {
        int named = Arrays.asList(callers).indexOf(Integer.toString(index));
        index = named >= 0 ? named : index < callers.length && callers[index] == null ? index : -1;
      }
      mapped.add(index == v.index() ? v
          : new ValidationError(index, v.code(), v.path(), v.detail()));
    }
    return new ValidationException(e.getMessage(), e.title(), e.detail(), e.requestId(), mapped,
        e.firstInputIndex(), e.getCause());
  }

  /** The first input not yet answered whose caller's request_id the answer echoes, or -1. */
  private static int callerIndex(@Nullable Object raw, String[] callers, boolean[] taken) {
    Object v = raw instanceof List<?> l && !l.isEmpty() ? l.get(0) : raw;
    if (v == null) {
      return -1;
    }
    String echoed = v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
        ? Long.toString(n.longValue()) : v.toString();
    for (int k = 0; k < callers.length; k++) {
      if (!taken[k] && echoed.equals(callers[k])) {
        return k;
      }
    }
    return -1;
  }

  static ValidationException translate(ValidationException e, String method, HttpUrl url,
      int offset, int size, int k, int requests) {
    List<ValidationError> shifted = new ArrayList<>();
    for (ValidationError v : e.validationErrors()) { // an unknown index (-1) stays unknown
      shifted.add(v.index() < 0 || offset == 0 ? v
          : new ValidationError(v.index() + offset, v.code(), v.path(), v.detail()));
    }
    String message = "amoCRM refused " + method + " " + url.encodedPath()
        + (requests > 1 ? " (request " + k + " of " + requests + ", inputs " + offset + " to "
            + (offset + size - 1) + "; inputs before " + offset + " were saved)" : "")
        + (e.title() != null ? ": " + e.title() : "")
        + (e.detail() != null ? " (" + e.detail() + ")" : "")
        + (e.requestId() != null ? " [request " + ApiErrors.shorten(e.requestId()) + "]" : "")
        + ApiErrors.errors(shifted);
    return new ValidationException(message, e.title(), e.detail(), e.requestId(), shifted,
        offset, e);
  }

  /** Returns "[a,b,c]" from each element's JSON as a write sends it ({@link WriteJson}). */
  private static <T> String jsonArray(List<T> items, JsonAdapter<T> adapter,
      UnaryOperator<String> write) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < items.size(); i++) {
      sb.append(i == 0 ? "" : ",").append(write.apply(adapter.toJson(items.get(i))));
    }
    return sb.append(']').toString();
  }
}
