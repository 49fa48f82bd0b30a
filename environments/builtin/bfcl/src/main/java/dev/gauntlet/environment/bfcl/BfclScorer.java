package dev.gauntlet.environment.bfcl;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Scores a response's calls against a task's ground truth. Parallel calls match in any order: the calls and the
 * ground-truth calls form a bipartite graph (an edge where the AST check passes) and the best one-to-one
 * matching is found (Kuhn's algorithm), rather than BFCL's greedy first fit, which can miss a matching that
 * exists. Binary: the matching covers every ground-truth call and no call is left over. F1: 2·matched / (made +
 * expected), so junk calls cost precision.
 */
final class BfclScorer {

	/** A response with more calls than this is junk; it is scored without running the checks. */
	static final int MAX_CALLS = 64;

	private BfclScorer() {
	}

	static BfclVerdict score(BfclTask task, List<FunctionCall> calls) {
		List<ExpectedCall> expected = task.groundTruth();
		int e = expected.size();
		if (calls.size() > MAX_CALLS) {
			return new BfclVerdict(false, 0, 0, calls.size(), e, "too many calls: " + calls.size());
		}
		int m = calls.size();
		boolean[][] fits = new boolean[e][m];
		String[] firstReason = new String[e];
		boolean[] namedReason = new boolean[e];
		for (int i = 0; i < e; i++) {
			ExpectedCall want = expected.get(i);
			Optional<Map<String, Object>> function = task.function(want.function());
			for (int j = 0; j < m; j++) {
				Optional<String> problem = function.isEmpty()
						? Optional.of("ground truth names an unknown function " + want.function())
						: CallChecker.check(function.get(), calls.get(j), want, task.category().language());
				fits[i][j] = problem.isEmpty();
				if (problem.isPresent()) {
					// prefer the reason against a call of the right function: it says what is wrong with it
					boolean sameName = CallChecker.sameName(calls.get(j).name(), want.function());
					if (firstReason[i] == null || (sameName && !namedReason[i])) {
						firstReason[i] = problem.get();
						namedReason[i] = sameName;
					}
				}
			}
		}
		int[] matchOfCall = new int[m];
		Arrays.fill(matchOfCall, -1);
		int matched = 0;
		for (int i = 0; i < e; i++) {
			if (augment(i, fits, matchOfCall, new boolean[m])) {
				matched++;
			}
		}
		double f1 = m + e == 0 ? 1 : 2.0 * matched / (m + e);
		boolean correct = matched == e && m == e;
		String reason;
		if (correct) {
			reason = e == 1 ? "the call matches the ground truth" : "all " + e + " calls match the ground truth";
		}
		else if (m == 0) {
			reason = "no function call";
		}
		else if (m != e) {
			reason = "expected " + e + " call" + (e == 1 ? "" : "s") + ", got " + m + "; " + matched + " match";
		}
		else {
			reason = unmatchedReason(e, fits, matchOfCall, firstReason, expected);
		}
		return new BfclVerdict(correct, f1, matched, m, e, reason);
	}

	private static boolean augment(int i, boolean[][] fits, int[] matchOfCall, boolean[] seen) {
		for (int j = 0; j < matchOfCall.length; j++) {
			if (fits[i][j] && !seen[j]) {
				seen[j] = true;
				if (matchOfCall[j] < 0 || augment(matchOfCall[j], fits, matchOfCall, seen)) {
					matchOfCall[j] = i;
					return true;
				}
			}
		}
		return false;
	}

	private static String unmatchedReason(int e, boolean[][] fits, int[] matchOfCall, String[] firstReason,
			List<ExpectedCall> expected) {
		for (int i = 0; i < e; i++) {
			boolean covered = false;
			for (int owner : matchOfCall) {
				covered |= owner == i;
			}
			if (!covered) {
				return (e == 1 ? "" : "no call matches " + expected.get(i).function() + ": ")
						+ (firstReason[i] == null ? "no candidate call" : firstReason[i]);
			}
		}
		return "unmatched";
	}

}
