package io.github.farolero.amocrm.store.redis;

/**
 * The Lua scripts of the Redis store. Each touches one key, so it runs whole on one node (and in
 * one slot of a Redis Cluster); Redis runs a script atomically, so no other command sees it
 * half-done.
 */
final class RedisScripts {

  private RedisScripts() {}

  /**
   * The compare-and-set write. KEYS[1] the record hash; ARGV[1] the new version (decimal, no
   * leading zeros), ARGV[2] the record. Writes only if nothing is stored or the stored version is
   * older, stamping {@code written_ms} with Redis's clock. Returns nil when written, else the
   * stored version. Versions are compared as decimal strings (by length, then text): a Lua number
   * is a double and would round versions above 2^53.
   */
  static final String COMPARE_AND_SET = """
      local stored = redis.call('HGET', KEYS[1], 'version')
      if stored then
        local newer = #ARGV[1] > #stored or (#ARGV[1] == #stored and ARGV[1] > stored)
        if not newer then
          return stored
        end
      end
      local t = redis.call('TIME')
      local ms = string.format('%d', tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000))
      redis.call('HSET', KEYS[1], 'version', ARGV[1], 'record', ARGV[2], 'written_ms', ms)
      return false
      """;

  /**
   * The safe release of a lease. KEYS[1] the lock key; ARGV[1] the owner token. Deletes the key
   * only if it still holds this owner's token: a holder whose lease ran out must not free the
   * next holder's lock. Returns 1 if released, 0 if the lease was no longer this owner's.
   */
  static final String RELEASE = """
      if redis.call('GET', KEYS[1]) == ARGV[1] then
        return redis.call('DEL', KEYS[1])
      end
      return 0
      """;
}
