package io.github.farolero.amocrm.spring.boot;

import io.github.farolero.amocrm.health.TokenKeeper;
import java.util.Objects;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the keep-alive scheduler when the application context has started and stops it when the
 * context closes. A keeper once stopped stays stopped (it cannot be restarted).
 */
final class KeeperLifecycle implements SmartLifecycle {

  private final TokenKeeper keeper;
  private volatile boolean running;

  KeeperLifecycle(TokenKeeper keeper) {
    this.keeper = Objects.requireNonNull(keeper, "keeper == null");
  }

  @Override
  public void start() {
    keeper.start();
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    keeper.close();
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
