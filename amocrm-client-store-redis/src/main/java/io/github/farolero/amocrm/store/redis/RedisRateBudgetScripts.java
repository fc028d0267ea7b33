package io.github.farolero.amocrm.store.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * The budget's Lua scripts, one per operation, each one atomic round trip. Every script reads the
 * time with {@code redis.call('TIME')}: the store's clock, never a process's (Redis 5+ replicates
 * a script's effects, so a script that reads the time may write). Times are microseconds since the
 * epoch, which a Lua number (a double) holds exactly; they are written with {@code %.0f} because
 * Lua's {@code tostring} keeps only 14 digits.
 *
 * <p>One hash per scope: {@code f<i>} the time slot {@code i} is free from, {@code o<i>} the token
 * of the turn holding it (absent when none), {@code paused} and {@code banned} the times a 429's
 * pause and a 403's ban end. Each write pushes the hash's expiry out to past what it wrote (never
 * in), so an idle scope vanishes and nothing that still counts is ever lost with it.
 */
final class RedisRateBudgetScripts {

  /** Reads the time and extends the expiry; shared by every script. */
  private static final String PRELUDE = ""
      + "local t = redis.call('TIME')\n"
      + "local now = tonumber(t[1]) * 1000000 + tonumber(t[2])\n"
      + "local function keep(ms)\n"
      + "  local p = redis.call('PTTL', KEYS[1])\n"
      + "  if p < ms then redis.call('PEXPIRE', KEYS[1], ms) end\n"
      + "end\n";

  /**
   * KEYS[1] the scope's hash; ARGV: requests, window µs, lease µs, token, expiry ms. Returns
   * {@code {0, slot}} granted, {@code {1, µs}} wait, {@code {2, µs}} banned.
   */
  static final String TAKE = PRELUDE
      + "local n = tonumber(ARGV[1])\n"
      + "local window = tonumber(ARGV[2])\n"
      + "local h = {}\n"
      + "local all = redis.call('HGETALL', KEYS[1])\n"
      + "for i = 1, #all, 2 do h[all[i]] = all[i + 1] end\n"
      + "local banned = tonumber(h['banned']) or 0\n"
      + "if banned > now then return {2, banned - now} end\n"
      + "local paused = tonumber(h['paused']) or 0\n"
      + "if paused > now then return {1, paused - now} end\n"
      + "local best = -1\n"
      + "local bestAt = 0\n"
      + "local hint = -1\n"
      + "for i = 0, n - 1 do\n"
      // A slot is free when its time has come: released a window ago, never used, or held by a
      // turn whose lease ran out (its process died).
      + "  local f = tonumber(h['f' .. i]) or 0\n"
      + "  if f <= now then\n"
      + "    if best < 0 or f < bestAt then best = i; bestAt = f end\n"
      + "  else\n"
      + "    local w = f - now\n"
      // A held slot may be released at any moment and is then free a window later.
      + "    if h['o' .. i] and w > window then w = window end\n"
      + "    if hint < 0 or w < hint then hint = w end\n"
      + "  end\n"
      + "end\n"
      + "if best >= 0 then\n"
      + "  redis.call('HSET', KEYS[1], 'f' .. best, string.format('%.0f', now + tonumber(ARGV[3])),"
      + " 'o' .. best, ARGV[4])\n"
      + "  keep(tonumber(ARGV[5]))\n"
      + "  return {0, best}\n"
      + "end\n"
      + "return {1, hint}\n";

  /**
   * KEYS[1] the scope's hash; ARGV: slot, token, window µs, expiry ms. Returns 1 released, 0 the
   * slot is no longer this turn's (its lease ran out).
   */
  static final String RELEASE = PRELUDE
      + "local slot = ARGV[1]\n"
      + "if redis.call('HGET', KEYS[1], 'o' .. slot) ~= ARGV[2] then return 0 end\n"
      + "redis.call('HSET', KEYS[1], 'f' .. slot,"
      + " string.format('%.0f', now + tonumber(ARGV[3])))\n"
      + "redis.call('HDEL', KEYS[1], 'o' .. slot)\n"
      + "keep(tonumber(ARGV[4]))\n"
      + "return 1\n";

  /**
   * KEYS[1] the scope's hash; ARGV: field ({@code paused} or {@code banned}), µs from now,
   * expiry ms. Keeps a later end already set.
   */
  static final String HOLD = PRELUDE
      + "local u = now + tonumber(ARGV[2])\n"
      + "local cur = tonumber(redis.call('HGET', KEYS[1], ARGV[1])) or 0\n"
      + "if u > cur then\n"
      + "  redis.call('HSET', KEYS[1], ARGV[1], string.format('%.0f', u))\n"
      + "end\n"
      + "keep(tonumber(ARGV[3]))\n"
      + "return 1\n";

  /** A script and its SHA-1, run with EVALSHA and loaded by EVAL where the server lacks it. */
  static final class Script {
    private final String text;
    private final String sha;

    Script(String text) {
      this.text = text;
      this.sha = sha1(text);
    }

    /**
     * Runs the script: one round trip (two the first time a server sees it, or after a restart
     * or {@code SCRIPT FLUSH}). In a cluster, both go to the node of {@code key}.
     */
    Object run(UnifiedJedis redis, String key, List<String> args) {
      List<String> keys = List.of(key);
      try {
        return redis.evalsha(sha, keys, args);
      } catch (JedisNoScriptException e) {
        return redis.eval(text, keys, args);
      }
    }

    String sha() {
      return sha;
    }
  }

  private RedisRateBudgetScripts() {}

  private static String sha1(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
      StringBuilder s = new StringBuilder(40);
      for (byte b : d) {
        s.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
      }
      return s.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is missing from this JVM", e);
    }
  }
}
