package dev.gauntlet.environment.service.remote;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

/**
 * Decides whether a remote environment's URL may be called, so that environment-service cannot be used as a proxy
 * into internal networks (SSRF). The host is resolved and <em>every</em> address it resolves to must lie in an
 * allowed network, unless the host name itself is allowed. The check runs at registration and before every call,
 * so a name that later resolves elsewhere is refused then.
 */
@Component
public class Allowlist {

	private final Set<String> hosts;

	private final List<Network> networks;

	public Allowlist(RemoteSettings settings) {
		this.hosts = settings.allowedHosts().stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
		this.networks = settings.allowedNetworks().stream().map(Network::parse).toList();
	}

	/** Returns the URL, without a trailing slash, or throws {@link Refused} saying why it may not be called. */
	public URI check(String url) {
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			throw new Refused("not a URL: " + ex.getMessage());
		}
		String scheme = uri.getScheme();
		if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
			throw new Refused("only http and https URLs may be registered");
		}
		if (uri.getRawUserInfo() != null) {
			throw new Refused("URLs with user information are refused");
		}
		if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
			throw new Refused("a base URL has no query or fragment");
		}
		String host = uri.getHost();
		if (host == null || host.isBlank()) {
			throw new Refused("the URL has no host");
		}
		String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
		if (!hosts.contains(bare.toLowerCase(Locale.ROOT))) {
			InetAddress[] addresses;
			try {
				addresses = InetAddress.getAllByName(bare);
			}
			catch (UnknownHostException ex) {
				throw new Refused("host " + bare + " does not resolve");
			}
			for (InetAddress address : addresses) {
				if (networks.stream().noneMatch(n -> n.contains(address))) {
					throw new Refused("host " + bare + " resolves to " + address.getHostAddress()
							+ ", which is not on the allowlist (gauntlet.environments.remote.allowed-networks / allowed-hosts)");
				}
			}
		}
		String text = uri.toString();
		return URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
	}

	/** A URL that may not be called, and why. */
	public static class Refused extends RuntimeException {

		public Refused(String message) {
			super(message);
		}

	}

	/** A CIDR block such as {@code 127.0.0.0/8} or {@code fd00::/8}. */
	record Network(byte[] prefix, int bits) {

		static Network parse(String cidr) {
			int slash = cidr.indexOf('/');
			try {
				byte[] address = InetAddress.getByName(slash < 0 ? cidr.trim() : cidr.substring(0, slash).trim())
					.getAddress();
				int bits = slash < 0 ? address.length * 8 : Integer.parseInt(cidr.substring(slash + 1).trim());
				if (bits < 0 || bits > address.length * 8) {
					throw new IllegalArgumentException("prefix length out of range in " + cidr);
				}
				return new Network(address, bits);
			}
			catch (UnknownHostException | NumberFormatException ex) {
				throw new IllegalArgumentException("not a network in CIDR form (gauntlet.environments.remote"
						+ ".allowed-networks): " + cidr, ex);
			}
		}

		boolean contains(InetAddress address) {
			byte[] candidate = address.getAddress();
			if (candidate.length != prefix.length) {
				return false;
			}
			int full = bits / 8;
			for (int i = 0; i < full; i++) {
				if (candidate[i] != prefix[i]) {
					return false;
				}
			}
			int rest = bits % 8;
			if (rest == 0) {
				return true;
			}
			int mask = (0xFF << (8 - rest)) & 0xFF;
			return (candidate[full] & mask) == (prefix[full] & mask);
		}

	}

}
