package dev.gauntlet.rollout.store;

import dev.gauntlet.rollout.system.RolloutSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * At start-up, fails the rollouts an earlier run left PENDING ({@link RolloutStore#recoverAbandoned()}), unless
 * {@code gauntlet.rollout.recover-abandoned} is false (several instances sharing one database).
 */
@Component
class AbandonedRollouts implements SmartInitializingSingleton {

	private static final Logger log = LoggerFactory.getLogger(AbandonedRollouts.class);

	private final RolloutStore store;

	private final RolloutSettings settings;

	AbandonedRollouts(RolloutStore store, RolloutSettings settings) {
		this.store = store;
		this.settings = settings;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (settings.recoverAbandoned()) {
			int failed = store.recoverAbandoned();
			if (failed > 0) {
				log.warn("Failed {} rollouts left PENDING by an earlier run (cause service_restarted)", failed);
			}
		}
	}

}
