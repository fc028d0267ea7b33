package io.github.farolero.amocrm.model;

/**
 * What amoCRM knows of how an unsorted (incoming) lead arrived: a web form's details ({@link
 * FormMetadata}) or a call's ({@link SipMetadata}); for a category this library does not type
 * (such as {@code chats} or {@code mail}), the raw object ({@link OtherMetadata}). Immutable and
 * thread-safe.
 */
public sealed interface UnsortedMetadata permits FormMetadata, SipMetadata, OtherMetadata {

  /**
   * Returns amoCRM's category of unsorted this metadata belongs to.
   *
   * @return {@code forms}, {@code sip}, or the category of an {@link OtherMetadata}
   */
  String category();
}
