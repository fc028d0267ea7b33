package io.github.farolero.amocrm.sync;

/**
 * What one run of a sync cursor did.
 *
 * @param delivered how many items it handed to the handler (an item handed again after a
 *     resumption counts again)
 * @param requests how many list requests it sent
 * @param watermark where it stands now (as saved)
 * @param caughtUp true if it read everything up to its upper bound; false if it stopped early
 *     (the crowded-second pass limit), and another run should follow
 */
public record SyncResult(int delivered, int requests, Watermark watermark, boolean caughtUp) {}
