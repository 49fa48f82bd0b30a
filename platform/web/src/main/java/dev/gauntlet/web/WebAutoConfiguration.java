package dev.gauntlet.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;

/** The shared HTTP edge of every service. */
@AutoConfiguration
@EnableConfigurationProperties(WebSettings.class)
@Import(ProblemDetailsAdvice.class)
public class WebAutoConfiguration {

	@Bean
	FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimitFilter(WebSettings settings) {
		var registration = new FilterRegistrationBean<>(
				new RequestSizeLimitFilter(settings.maxRequestSize().toBytes()));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

}
