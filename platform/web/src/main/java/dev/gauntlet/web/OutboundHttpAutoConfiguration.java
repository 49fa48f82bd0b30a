package dev.gauntlet.web;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executors;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The HTTP client services use to call each other, policies and environments: HTTP/1.1 keep-alive, connections
 * handled on virtual threads, redirects refused (a redirect from an outside server must not steer a call elsewhere).
 */
@AutoConfiguration
public class OutboundHttpAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	HttpClient outboundHttpClient() {
		return HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(10))
			.executor(Executors.newVirtualThreadPerTaskExecutor())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

}
