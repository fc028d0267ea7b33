package io.github.farolero.amocrm.webhook;

import io.github.farolero.amocrm.webhook.WebhookFormatException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Reads amoCRM's webhook requests, from any web framework: give it the request's
 * {@code Content-Type} and body, get a {@link Webhook} or a {@link WebhookFormatException} whose
 * {@link WebhookFormatException#httpStatus()} is the answer to send.
 *
 * <pre>{@code
 * WebhookHandler handler = WebhookHandler.create();
 * // in a servlet, a Spring controller, Javalin, the JDK's HttpServer...
 * try {
 *   Webhook hook = handler.handle(request.getContentType(), bodyBytes);
 *   queue.add(hook);                      // answer 200 at once: amoCRM wants a fast 2xx
 *   respond(200);
 * } catch (WebhookFormatException e) {
 *   respond(e.httpStatus());              // 415, 413 or 400
 * }
 * }</pre>
 *
 * <p>Only {@code application/x-www-form-urlencoded} is read (its {@code charset} parameter is
 * honoured; UTF-8 by default). Limits keep a hostile body from exhausting memory: at most
 * {@link Builder#maxBodyBytes(int)} bytes (default 2 MiB; {@link #handle(String, InputStream)}
 * stops reading past it), {@link Builder#maxKeys(int)} keys (default 20,000) and
 * {@link Builder#maxDepth(int)} levels of brackets (default 16).
 *
 * <p>amoCRM retries a webhook that is not answered 2xx fast, and may switch the subscription off
 * after repeated failures: answer first, work later.
 *
 * <p>Immutable and thread-safe.
 */
public final class WebhookHandler {

  /** The handler of {@link Webhook#parse(String)}: the default limits. */
  static final WebhookHandler DEFAULT = builder().build();

  private static final String FORM = "application/x-www-form-urlencoded";

  private final int maxBodyBytes;
  private final int maxKeys;
  private final int maxDepth;

  private WebhookHandler(Builder b) {
    this.maxBodyBytes = b.maxBodyBytes;
    this.maxKeys = b.maxKeys;
    this.maxDepth = b.maxDepth;
  }

  /** Returns a handler with the default limits. */
  public static WebhookHandler create() {
    return DEFAULT;
  }

  /** Returns a builder of a handler with other limits. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads a webhook request.
   *
   * @param contentType the request's {@code Content-Type} header, or null if it had none
   * @param body the request's body
   * @return the webhook
   * @throws WebhookFormatException if the content type is not a form (415), the body is past a
   *     limit (413) or malformed (400)
   */
  public Webhook handle(@Nullable String contentType, byte[] body) {
    Objects.requireNonNull(body, "body == null");
    Charset charset = charset(contentType);
    if (body.length > maxBodyBytes) {
      throw tooLarge();
    }
    return parse(body, body.length, charset);
  }

  /**
   * Reads a webhook request from its body's stream, reading no more than the size limit allows
   * (one byte past it, to know). The stream is not closed.
   *
   * @param contentType the request's {@code Content-Type} header, or null if it had none
   * @param body the request's body
   * @return the webhook
   * @throws WebhookFormatException if the content type is not a form (415, nothing is read), the
   *     body is past a limit (413) or malformed (400)
   * @throws IOException if reading the stream fails
   */
  public Webhook handle(@Nullable String contentType, InputStream body) throws IOException {
    Objects.requireNonNull(body, "body == null");
    Charset charset = charset(contentType);
    byte[] buf = new byte[Math.min(8192, maxBodyBytes + 1)];
    int n = 0;
    while (true) {
      if (n == buf.length) {
        if (buf.length > maxBodyBytes) {
          throw tooLarge();
        }
        buf = Arrays.copyOf(buf, (int) Math.min((long) maxBodyBytes + 1, buf.length * 2L));
      }
      int r = body.read(buf, n, buf.length - n);
      if (r < 0) {
        break;
      }
      n += r;
    }
    if (n > maxBodyBytes) {
      throw tooLarge();
    }
    return parse(buf, n, charset);
  }

  Webhook parse(byte[] body, int length, Charset charset) {
    return Webhook.of(new FormParser(charset, maxKeys, maxDepth).parse(body, length));
  }

  private WebhookFormatException tooLarge() {
    return new WebhookFormatException(Reason.TOO_LARGE, null, "the webhook body is larger than "
        + maxBodyBytes + " bytes, the handler's limit");
  }

  /** The charset of a form content type; refuses any other type. */
  private static Charset charset(@Nullable String contentType) {
    if (contentType == null || contentType.isBlank()) {
      throw new WebhookFormatException(Reason.UNSUPPORTED_CONTENT_TYPE, null, "the webhook"
          + " request has no Content-Type; amoCRM sends " + FORM);
    }
    String[] parts = contentType.split(";");
    String type = parts[0].strip().toLowerCase(Locale.ROOT);
    if (!type.equals(FORM)) {
      throw new WebhookFormatException(Reason.UNSUPPORTED_CONTENT_TYPE, null, "the webhook"
          + " request's Content-Type is " + FormParser.shown(parts[0].strip()) + ", not " + FORM
          + " as amoCRM sends");
    }
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].strip();
      int eq = p.indexOf('=');
      if (eq > 0 && p.substring(0, eq).strip().equalsIgnoreCase("charset")) {
        String name = p.substring(eq + 1).strip().replace("\"", "");
        try {
          return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
          throw new WebhookFormatException(Reason.UNSUPPORTED_CONTENT_TYPE, null, "the webhook"
              + " request's charset " + FormParser.shown(name) + " is not supported");
        }
      }
    }
    return StandardCharsets.UTF_8;
  }

  @Override
  public String toString() {
    return "WebhookHandler{maxBodyBytes=" + maxBodyBytes + ", maxKeys=" + maxKeys
        + ", maxDepth=" + maxDepth + '}';
  }

  /** Builds a {@link WebhookHandler}. Not thread-safe. */
  public static final class Builder {
    private int maxBodyBytes = 2 << 20;
    private int maxKeys = 20_000;
    private int maxDepth = 16;

    private Builder() {}

    /**
     * Sets the largest body read, in bytes (default 2 MiB).
     *
     * @param bytes at least 1
     * @return this builder
     * @throws IllegalArgumentException if less than 1 or {@code Integer.MAX_VALUE}
     */
    public Builder maxBodyBytes(int bytes) {
      if (bytes < 1 || bytes == Integer.MAX_VALUE) {
        throw new IllegalArgumentException("maxBodyBytes must be in [1, 2^31-2]: " + bytes);
      }
      this.maxBodyBytes = bytes;
      return this;
    }

    /**
     * Sets the most {@code key=value} pairs a body may have (default 20,000).
     *
     * @param keys at least 1
     * @return this builder
     * @throws IllegalArgumentException if less than 1
     */
    public Builder maxKeys(int keys) {
      if (keys < 1) {
        throw new IllegalArgumentException("maxKeys must be at least 1: " + keys);
      }
      this.maxKeys = keys;
      return this;
    }

    /**
     * Sets the most levels a key may have: its name and each {@code [...]} (default 16;
     * {@code leads[add][0][custom_fields][1][values][0][value]} has 8).
     *
     * @param depth at least 1
     * @return this builder
     * @throws IllegalArgumentException if less than 1
     */
    public Builder maxDepth(int depth) {
      if (depth < 1) {
        throw new IllegalArgumentException("maxDepth must be at least 1: " + depth);
      }
      this.maxDepth = depth;
      return this;
    }

    /** Returns the handler. */
    public WebhookHandler build() {
      return new WebhookHandler(this);
    }
  }
}
