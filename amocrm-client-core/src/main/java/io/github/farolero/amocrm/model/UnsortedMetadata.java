package io.github.farolero.amocrm.model;

/**
 * What amoCRM knows of how an unsorted (incoming) lead arrived: a web form's details ({@link
 * FormMetadata}) or a call's ({@link SipMetadata}). Immutable and thread-safe.
 */
public sealed interface UnsortedMetadata permits FormMetadata, SipMetadata {

  /**
   * Returns amoCRM's category of unsorted this metadata belongs to.
   *
   * @return {@code forms} or {@code sip}
   */
  String category();
}
