package dev.gauntlet.environment.service.registry;

import java.util.ArrayList;
import java.util.List;

import dev.gauntlet.contracts.openai.OpenAiMessage;
import dev.gauntlet.environment.service.remote.Allowlist;
import dev.gauntlet.environment.service.remote.RemoteClient;
import dev.gauntlet.environment.service.remote.RemoteException;
import dev.gauntlet.environment.service.remote.RemoteProtocol;
import dev.gauntlet.environment.spi.Verification;

import org.springframework.stereotype.Component;

/**
 * Checks a remote before it is registered: its URL is on the allowlist, {@code /health} answers UP, and for every
 * example row {@code /seed_session} opens a session and {@code /verify} gives the example's gold answer the top
 * reward. An environment that cannot verify its own example is refused with the reason.
 */
@Component
class RegistrationProbe {

	private final Allowlist allowlist;

	private final RemoteProtocol protocol;

	RegistrationProbe(Allowlist allowlist, RemoteProtocol protocol) {
		this.allowlist = allowlist;
		this.protocol = protocol;
	}

	ProbeReport probe(RegistrationRequest request) {
		List<ProbeReport.Check> checks = new ArrayList<>();
		String base = request.baseUrl();
		long start = System.nanoTime();
		try {
			allowlist.check(base);
			checks.add(new ProbeReport.Check("allowlist", true, base + " is on the allowlist", millis(start)));
		}
		catch (Allowlist.Refused ex) {
			return failed(checks, "allowlist", ex.getMessage(), start);
		}
		start = System.nanoTime();
		try {
			String status = protocol.health(base, RemoteClient.Mode.PROBE);
			checks.add(new ProbeReport.Check("health", true, "/health answered " + status, millis(start)));
		}
		catch (RemoteException ex) {
			return failed(checks, "health", ex.getMessage(), start);
		}
		for (int i = 0; i < request.examples().size(); i++) {
			RegistrationRequest.Example example = request.examples().get(i);
			String taskId = Registration.exampleId(example, i);
			String session = "probe-" + java.util.UUID.randomUUID();
			start = System.nanoTime();
			RemoteProtocol.Seeded seeded;
			try {
				seeded = protocol.seed(base, session, taskId, example.task(), RemoteClient.Mode.PROBE);
				checks.add(new ProbeReport.Check("seed_session " + taskId, true, seeded.messages().size()
						+ " messages, " + seeded.tools().size() + " tools", millis(start)));
			}
			catch (RemoteException ex) {
				return failed(checks, "seed_session " + taskId, ex.getMessage(), start);
			}
			start = System.nanoTime();
			List<OpenAiMessage> episode = new ArrayList<>(seeded.messages());
			episode.add(new OpenAiMessage("assistant", example.goldAnswer(), null, null, null));
			Verification verdict = protocol.verify(base, session, taskId, example.task(), episode,
					request.minReward(), request.maxReward(), RemoteClient.Mode.PROBE);
			String check = "verify gold answer of " + taskId;
			if (verdict.status() != Verification.Status.OK) {
				return failed(checks, check, verdict.detail(), start);
			}
			if (Math.abs(verdict.reward() - request.maxReward()) > 1e-9) {
				return failed(checks, check, "the remote gave its own gold answer reward " + verdict.reward()
						+ " instead of the top reward " + request.maxReward() + " (" + verdict.detail() + ")", start);
			}
			checks.add(new ProbeReport.Check(check, true, "reward " + verdict.reward(), millis(start)));
		}
		return new ProbeReport(true, checks, null);
	}

	private static ProbeReport failed(List<ProbeReport.Check> checks, String name, String reason, long start) {
		checks.add(new ProbeReport.Check(name, false, reason, millis(start)));
		return new ProbeReport(false, checks, name + ": " + reason);
	}

	private static long millis(long start) {
		return (System.nanoTime() - start) / 1_000_000;
	}

}
