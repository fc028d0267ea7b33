package io.github.farolero.amocrm.internal;

import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/** Reads response bodies with a size limit, so a hostile or broken server cannot exhaust memory. */
final class Bodies {
  private Bodies() {}

  /** Thrown when a body is larger than allowed. */
  static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    TooLargeException(long limit) {
      super("response body is larger than " + limit + " bytes");
    }
  }

  /** Returns the body as UTF-8 text, or "" for none; throws if longer than {@code limit}. */
  static String read(@Nullable ResponseBody body, long limit) throws IOException {
    if (body == null) {
      return "";
    }
    BufferedSource source = body.source();
    if (source.request(limit + 1)) {
      throw new TooLargeException(limit);
    }
    return source.getBuffer().readUtf8();
  }

  /**
   * Buffers the whole body in memory, refusing one past {@code limit} before it is all read, and
   * returns it as a source to parse from (or to read as text on an error). No decoding happens.
   */
  static BufferedSource buffered(@Nullable ResponseBody body, long limit) throws IOException {
    if (body == null) {
      return new Buffer();
    }
    BufferedSource source = body.source();
    if (source.request(limit + 1)) {
      throw new TooLargeException(limit);
    }
    return source;
  }

  /** True if a buffered body holds nothing but whitespace. */
  static boolean isBlank(BufferedSource body) {
    Buffer b = body.getBuffer();
    for (long i = 0, n = b.size(); i < n; i++) {
      byte c = b.getByte(i);
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return false;
      }
    }
    return true;
  }

  /** Returns true if the body looks like HTML, whatever the content type says. */
  static boolean looksLikeHtml(@Nullable MediaType type, String body) {
    if (type != null && type.subtype().equals("html")) {
      return true;
    }
    String head = body.stripLeading();
    return head.regionMatches(true, 0, "<!doctype html", 0, 14)
        || head.regionMatches(true, 0, "<html", 0, 5);
  }

  /** Names a body that holds no usable JSON: "an empty body", "an HTML page", or its type. */
  static String describe(@Nullable MediaType type, String body) {
    if (body.isBlank()) {
      return "an empty body";
    }
    if (looksLikeHtml(type, body)) {
      return "an HTML page";
    }
    return "an unreadable body" + (type == null ? "" : " (" + type + ")");
  }
}
