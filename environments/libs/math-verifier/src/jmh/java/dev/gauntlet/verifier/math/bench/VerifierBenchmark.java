package dev.gauntlet.verifier.math.bench;

import dev.gauntlet.verifier.math.MathVerifier;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * One operation = grading every benchmark input once, on one thread, from the raw strings (the
 * gold is parsed on every check, as Math-Verify does). checks/s = ops/s × number of inputs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class VerifierBenchmark {

	private BenchInputs inputs;
	private BenchInputs withoutAcceptEither;
	private MathVerifier verifier;

	@Setup
	public void load() throws IOException {
		inputs = BenchInputs.load(BenchInputs.defaultPath());
		// The x^800 robustness row costs Math-Verify its 5 s parse timeout; this set leaves it out.
		withoutAcceptEither = new BenchInputs(inputs.rows().stream().filter(r -> !r.acceptEither()).toList());
		verifier = MathVerifier.create();
	}

	@Benchmark
	public int gradeAllInputs() {
		return grade(inputs);
	}

	@Benchmark
	public int gradeInputsWithoutAcceptEither() {
		return grade(withoutAcceptEither);
	}

	private int grade(BenchInputs set) {
		int correct = 0;
		for (BenchInputs.Row row : set.rows()) {
			if (verifier.verify(row.gold(), row.response()).correct()) {
				correct++;
			}
		}
		return correct;
	}
}
