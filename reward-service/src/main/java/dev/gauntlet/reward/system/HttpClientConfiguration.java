package dev.gauntlet.reward.system;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executors;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One HTTP client for calls to environment-service: keep-alive, virtual threads. */
@Configuration(proxyBeanMethods = false)
class HttpClientConfiguration {

	@Bean
	HttpClient outboundHttpClient() {
		return HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(10))
			.executor(Executors.newVirtualThreadPerTaskExecutor())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

}
