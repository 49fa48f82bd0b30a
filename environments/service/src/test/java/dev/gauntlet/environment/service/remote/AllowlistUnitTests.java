package dev.gauntlet.environment.service.remote;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AllowlistUnitTests {

	static Allowlist allowlist(List<String> hosts, List<String> networks) {
		return new Allowlist(new RemoteSettings(hosts, networks, Duration.ofSeconds(1), Duration.ofSeconds(1), 0,
				Duration.ZERO, 1, Duration.ofSeconds(1), DataSize.ofKilobytes(1)));
	}

	@Test
	void acceptsAddressesInsideAnAllowedNetworkAndDropsTheTrailingSlash() {
		Allowlist list = allowlist(List.of(), List.of("10.20.0.0/16", "127.0.0.1/32"));
		assertThat(list.check("http://10.20.3.4:9100/").toString()).isEqualTo("http://10.20.3.4:9100");
		assertThat(list.check("https://127.0.0.1/envs").toString()).isEqualTo("https://127.0.0.1/envs");
	}

	@Test
	void refusesAddressesOutsideEveryNetworkNamingTheAddress() {
		Allowlist list = allowlist(List.of(), List.of("10.20.0.0/16"));
		assertThatThrownBy(() -> list.check("http://10.21.0.1")).hasMessageContaining("10.21.0.1")
			.hasMessageContaining("not on the allowlist");
		assertThatThrownBy(() -> list.check("http://169.254.169.254/latest/meta-data"))
			.isInstanceOf(Allowlist.Refused.class);
		assertThatThrownBy(() -> list.check("http://[::1]:80")).isInstanceOf(Allowlist.Refused.class);
	}

	@Test
	void anEmptyAllowlistRefusesEverything() {
		assertThatThrownBy(() -> allowlist(List.of(), List.of()).check("http://127.0.0.1:1"))
			.isInstanceOf(Allowlist.Refused.class);
	}

	@Test
	void refusesOtherSchemesUserInfoQueriesAndMissingHosts() {
		Allowlist list = allowlist(List.of(), List.of("0.0.0.0/0"));
		assertThatThrownBy(() -> list.check("file:///etc/passwd")).hasMessageContaining("http");
		assertThatThrownBy(() -> list.check("gopher://127.0.0.1")).hasMessageContaining("http");
		assertThatThrownBy(() -> list.check("http://a:b@127.0.0.1")).hasMessageContaining("user information");
		assertThatThrownBy(() -> list.check("http://127.0.0.1/?next=x")).hasMessageContaining("query");
		assertThatThrownBy(() -> list.check("http:///path")).isInstanceOf(Allowlist.Refused.class);
		assertThatThrownBy(() -> list.check("not a url at all")).isInstanceOf(Allowlist.Refused.class);
	}

	@Test
	void allowedHostNamesPassWhateverTheyResolveTo() {
		assertThat(allowlist(List.of("LOCALHOST"), List.of()).check("http://localhost:9100").getHost())
			.isEqualTo("localhost");
	}

	@Test
	void matchesPrefixesThatAreNotWholeBytesAndIpv6Networks() {
		Allowlist list = allowlist(List.of(), List.of("192.168.4.0/22", "fd00::/8"));
		assertThat(list.check("http://192.168.7.255").getHost()).isEqualTo("192.168.7.255");
		assertThatThrownBy(() -> list.check("http://192.168.8.1")).isInstanceOf(Allowlist.Refused.class);
		assertThat(list.check("http://[fd12::1]:8080").getHost()).isEqualTo("[fd12::1]");
	}

	@Test
	void aMalformedNetworkSettingFailsAtStartUp() {
		assertThatThrownBy(() -> allowlist(List.of(), List.of("10.0.0.0/33"))).hasMessageContaining("10.0.0.0/33");
	}

}
