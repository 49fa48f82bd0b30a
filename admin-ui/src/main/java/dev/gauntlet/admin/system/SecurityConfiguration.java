package dev.gauntlet.admin.system;

import jakarta.servlet.DispatcherType;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * Who may do what: everyone signed in may read (GET, HEAD); every other method needs the ADMIN role, whatever the
 * route, so a new controller cannot forget to guard a change. Forms carry CSRF tokens (htmx sends the token as a
 * header); the session cookie is Secure, HttpOnly and SameSite=Strict (admin-ui.yml); a strict Content Security
 * Policy allows scripts and styles from this origin only.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
			+ "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	@Bean
	SecurityFilterChain ui(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests(requests -> requests
			.dispatcherTypeMatchers(DispatcherType.FORWARD, DispatcherType.ERROR).permitAll()
			.requestMatchers(HttpMethod.GET, "/login", "/css/**", "/js/**", "/webjars/**", "/favicon.ico",
					"/actuator/health", "/actuator/health/**")
			.permitAll()
			.requestMatchers(HttpMethod.GET, "/**").authenticated()
			.requestMatchers(HttpMethod.HEAD, "/**").authenticated()
			.anyRequest().hasRole("ADMIN"))
			.formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/environments", true).permitAll())
			.logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout").permitAll())
			.exceptionHandling(errors -> errors.accessDeniedPage("/denied"))
			.headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CSP))
				.referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
		return http.build();
	}

}
