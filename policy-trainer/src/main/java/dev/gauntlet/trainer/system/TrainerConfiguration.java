package dev.gauntlet.trainer.system;

import java.net.http.HttpClient;
import java.time.Duration;

import dev.gauntlet.trainer.engine.EngineClient;
import dev.gauntlet.trainer.loop.CrashPoints;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class TrainerConfiguration {

	@Bean
	HttpClient trainerHttpClient() {
		return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
	}

	@Bean
	EngineClient engineClient(HttpClient trainerHttpClient, TrainerSettings settings) {
		return new EngineClient(trainerHttpClient, settings.engineTimeout());
	}

	/** No crash points in production; the recovery tests supply a {@code @Primary} one. */
	@Bean
	CrashPoints crashPoints() {
		return CrashPoints.NONE;
	}

}
