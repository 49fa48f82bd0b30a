package dev.gauntlet.verifier.math.bench;

import dev.gauntlet.verifier.math.MathVerifier;
import dev.gauntlet.verifier.math.Verdict;
import java.util.Map;
import java.util.TreeMap;

/** Prints the Gauntlet verifier's agreement with the expected verdicts, and each disagreement. */
public final class Agreement {

	private Agreement() {}

	public static void main(String[] args) throws Exception {
		BenchInputs inputs = BenchInputs.load(BenchInputs.defaultPath());
		MathVerifier verifier = MathVerifier.create();
		int agreed = 0;
		Map<String, int[]> bySource = new TreeMap<>();
		for (BenchInputs.Row row : inputs.rows()) {
			Verdict v = verifier.verify(row.gold(), row.response());
			boolean ok = row.acceptEither() || v.correct() == row.expected();
			agreed += ok ? 1 : 0;
			int[] counts = bySource.computeIfAbsent(row.source(), s -> new int[2]);
			counts[0] += ok ? 1 : 0;
			counts[1]++;
			if (!ok && args.length > 0 && args[0].equals("--verbose")) {
				System.err.printf("DISAGREE %s gold=%s expected=%s got=%s extracted=%s%n", row.source(),
						row.gold(), row.expected(), v.status(), v.extracted());
			}
		}
		StringBuilder sources = new StringBuilder();
		bySource.forEach((k, c) -> sources.append(sources.isEmpty() ? "" : ", ")
				.append('"').append(k).append("\": [").append(c[0]).append(", ").append(c[1]).append(']'));
		System.out.printf("{\"tool\": \"gauntlet\", \"inputs\": %d, \"agreement\": %.6f, \"agreed\": %d, \"by_source\": {%s}}%n",
				inputs.rows().size(), agreed / (double) inputs.rows().size(), agreed, sources);
	}
}
