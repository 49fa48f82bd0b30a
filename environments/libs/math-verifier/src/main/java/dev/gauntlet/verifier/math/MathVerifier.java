package dev.gauntlet.verifier.math;

import dev.gauntlet.verifier.math.budget.BudgetExceeded;
import dev.gauntlet.verifier.math.budget.Deadline;
import dev.gauntlet.verifier.math.compare.CompareOptions;
import dev.gauntlet.verifier.math.compare.Equivalence;
import dev.gauntlet.verifier.math.extract.AnswerExtractor;
import dev.gauntlet.verifier.math.extract.Candidate;
import dev.gauntlet.verifier.math.extract.LetterExtractor;
import dev.gauntlet.verifier.math.parse.AnswerParser;
import dev.gauntlet.verifier.math.parse.Node;
import dev.gauntlet.verifier.math.parse.Normalizer;
import dev.gauntlet.verifier.math.parse.ParseException;
import org.jspecify.annotations.Nullable;

/**
 * Grades a model response against a gold math answer.
 *
 * <pre>{@code
 * MathVerifier verifier = MathVerifier.create();
 * Verdict v = verifier.verify("\\frac{1}{2}", "... so the answer is $\\boxed{0.5}$.");
 * v.correct(); // true
 * }</pre>
 *
 * <p>Thread-safe and allocation-light: one instance serves all threads. Every call returns a
 * {@link Verdict} within the time limit (plus the duration of one size-capped arithmetic step);
 * no input makes it throw.
 */
public final class MathVerifier {

	private final VerifierSettings settings;
	private final CompareOptions compareOptions;

	private MathVerifier(VerifierSettings settings) {
		this.settings = settings;
		this.compareOptions = new CompareOptions(settings.relativeTolerance(),
				settings.minSignificantDigits(), settings.allowSetRelationComparison(),
				settings.samplePoints(), settings.seed());
	}

	public static MathVerifier create() {
		return new MathVerifier(VerifierSettings.defaults());
	}

	public static MathVerifier create(VerifierSettings settings) {
		return new MathVerifier(settings);
	}

	public VerifierSettings settings() {
		return settings;
	}

	/** Grades in {@link AnswerMode#LATEX} mode. */
	public Verdict verify(@Nullable String gold, @Nullable String response) {
		return verify(gold, response, AnswerMode.LATEX);
	}

	public Verdict verify(@Nullable String gold, @Nullable String response, AnswerMode mode) {
		Deadline deadline = Deadline.after(settings.timeLimit());
		return guarded(() -> {
			if (gold == null || gold.isBlank()) {
				return Verdict.error(Verdict.Status.INVALID_GOLD, null, "gold answer is empty");
			}
			GoldAnswer prepared = prepare(gold, mode, deadline);
			if (prepared == null) {
				return Verdict.error(Verdict.Status.INVALID_GOLD, null, "gold answer cannot be parsed: " + abbreviate(gold));
			}
			return grade(prepared, response, deadline);
		});
	}

	/** Grades against a gold answer prepared once with {@link #prepareGold}. */
	public Verdict verify(GoldAnswer gold, @Nullable String response) {
		Deadline deadline = Deadline.after(settings.timeLimit());
		return guarded(() -> grade(gold, response, deadline));
	}

	/** Parses a gold answer once and checks that it equals itself; used to filter datasets. */
	public GoldCheck checkGold(@Nullable String gold, AnswerMode mode) {
		Deadline deadline = Deadline.after(settings.timeLimit());
		try {
			if (gold == null || gold.isBlank()) {
				return new GoldCheck(false, null, "gold answer is empty");
			}
			GoldAnswer prepared = prepare(gold, mode, deadline);
			if (prepared == null) {
				return new GoldCheck(false, null, "gold answer cannot be parsed");
			}
			if (mode != AnswerMode.MCQ
					&& !new Equivalence(compareOptions, deadline).equivalent(prepared.answer(), prepared.answer())) {
				return new GoldCheck(false, prepared, "gold answer is not equal to itself");
			}
			return new GoldCheck(true, prepared, null);
		} catch (BudgetExceeded e) {
			return new GoldCheck(false, null, "gold check exceeded the time limit");
		} catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
			return new GoldCheck(false, null, "gold check failed: " + e);
		}
	}

	private @Nullable GoldAnswer prepare(String gold, AnswerMode mode, Deadline deadline) {
		if (mode == AnswerMode.MCQ) {
			String letter = LetterExtractor.extract(gold);
			return letter == null ? null : new GoldAnswer(gold, mode, null, letter);
		}
		for (Candidate c : AnswerExtractor.fromGold(gold)) {
			Node node = tryParse(c.text(), deadline);
			if (node != null) {
				return new GoldAnswer(gold, mode, node, null);
			}
		}
		return null;
	}

	private Verdict grade(GoldAnswer gold, @Nullable String response, Deadline deadline) {
		if (response == null || response.isBlank()) {
			return Verdict.noAnswer();
		}
		if (gold.mode() == AnswerMode.MCQ) {
			String letter = LetterExtractor.extract(response);
			return letter == null ? Verdict.noAnswer() : Verdict.graded(letter.equals(gold.letter()), letter);
		}
		AnswerExtractor.Extraction extraction = AnswerExtractor.fromResponse(response,
				gold.mode() == AnswerMode.LATEX, settings.lastNumberFallback(), settings.mathEnvironmentFallback());
		String firstFound = null;
		for (Candidate candidate : extraction) {
			Node pred = tryParse(candidate.text(), deadline);
			if (pred != null) {
				return Verdict.graded(new Equivalence(compareOptions, deadline).equivalent(gold.answer(), pred), candidate.text());
			}
			if (firstFound == null) {
				firstFound = candidate.text();
			}
		}
		// Found an answer but could not read it as math: wrong, not an error of the verifier.
		return firstFound == null ? Verdict.noAnswer() : Verdict.graded(false, firstFound);
	}

	private static @Nullable Node tryParse(String text, Deadline deadline) {
		if (text.length() > AnswerParser.MAX_LENGTH) {
			return null;
		}
		try {
			return AnswerParser.parse(Normalizer.normalize(text), deadline);
		} catch (ParseException e) {
			return null;
		}
	}

	private interface Check {
		Verdict run();
	}

	/** The single place where anything thrown inside the engine becomes a verdict. */
	private static Verdict guarded(Check check) {
		try {
			return check.run();
		} catch (BudgetExceeded e) {
			return Verdict.error(Verdict.Status.TIMEOUT, null, e.getMessage());
		} catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
			return Verdict.error(Verdict.Status.INTERNAL_ERROR, null, e.getClass().getSimpleName() + ": " + e.getMessage());
		}
	}

	private static String abbreviate(String s) {
		return s.length() <= 80 ? s : s.substring(0, 77) + "...";
	}
}
