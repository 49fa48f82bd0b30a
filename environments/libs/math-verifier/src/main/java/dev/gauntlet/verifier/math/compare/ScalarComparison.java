package dev.gauntlet.verifier.math.compare;

import dev.gauntlet.verifier.math.budget.Deadline;
import dev.gauntlet.verifier.math.compare.Evaluator.NotScalar;
import dev.gauntlet.verifier.math.compare.Evaluator.UnitReading;
import dev.gauntlet.verifier.math.number.BigRational;
import dev.gauntlet.verifier.math.number.Value;
import dev.gauntlet.verifier.math.number.Value.Approx;
import dev.gauntlet.verifier.math.number.Value.Exact;
import dev.gauntlet.verifier.math.number.ValueMath;
import dev.gauntlet.verifier.math.parse.Node;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Equality of two scalar expressions.
 *
 * <ol>
 *   <li>Exact values (rationals, Gaussian rationals) are compared exactly, first.
 *   <li>A written decimal whose last digit is not 0 stands for a rounded value: the other side
 *       matches when it rounds or truncates to it at that many places ({@code 33.3} vs
 *       {@code 100/3}). A predicted decimal may stand for an exact gold value in the same way,
 *       if it carries enough significant digits.
 *   <li>Otherwise approximate values must agree to a relative tolerance, or to the cancellation
 *       noise of the sums that produced them.
 *   <li>With variables, both sides are evaluated at seeded random rational points, exactly
 *       while the operations allow.
 * </ol>
 */
final class ScalarComparison {

	/** Differences below this fraction of the largest summed term are rounding noise. */
	private static final double CANCELLATION_TOLERANCE = 1e-12;

	private final CompareOptions options;
	private final Deadline deadline;
	private final Map<Set<String>, List<Map<String, Value>>> pointCache = new HashMap<>();

	ScalarComparison(CompareOptions options, Deadline deadline) {
		this.options = options;
		this.deadline = deadline;
	}

	boolean equal(Node gold, Node pred) {
		boolean goldUnits = Nodes.hasUnitMarks(gold);
		boolean predUnits = Nodes.hasUnitMarks(pred);
		if (equalUnder(gold, UnitReading.CONVERT, pred, UnitReading.CONVERT)) {
			return true;
		}
		// A unit mark on one side only may be a unit the other side left out: 28% vs 28, 30° vs 30.
		if (goldUnits && predUnits) {
			return equalUnder(gold, UnitReading.DROP, pred, UnitReading.DROP);
		}
		if (goldUnits) {
			return equalUnder(gold, UnitReading.DROP, pred, UnitReading.CONVERT);
		}
		if (predUnits) {
			return equalUnder(gold, UnitReading.CONVERT, pred, UnitReading.DROP);
		}
		return false;
	}

	private boolean equalUnder(Node gold, UnitReading goldUnits, Node pred, UnitReading predUnits) {
		Set<String> vars = new TreeSet<>(Nodes.freeSymbols(gold));
		vars.addAll(Nodes.freeSymbols(pred));
		try {
			if (vars.isEmpty()) {
				Value a = new Evaluator(Map.of(), goldUnits, deadline).eval(gold);
				Value b = new Evaluator(Map.of(), predUnits, deadline).eval(pred);
				Boolean same = numbersEqual(gold, a, pred, b);
				return same != null ? same : gold.equals(pred);
			}
			int decided = 0;
			for (Map<String, Value> point : samplePoints(vars)) {
				Value a = new Evaluator(point, goldUnits, deadline).eval(gold);
				Value b = new Evaluator(point, predUnits, deadline).eval(pred);
				Boolean same = valuesEqual(a, b);
				if (same == null) {
					continue; // undefined at this point on one side, or out of double range
				}
				if (!same) {
					return false;
				}
				decided++;
			}
			return decided > 0 || gold.equals(pred);
		} catch (NotScalar e) {
			return false;
		}
	}

	/** Evaluates a variable-free scalar, or returns null when it is not one. */
	@Nullable Value valueOf(Node node) {
		try {
			return new Evaluator(Map.of(), UnitReading.CONVERT, deadline).eval(node);
		} catch (NotScalar e) {
			return null;
		}
	}

	@Nullable Value valueAt(Node node, Map<String, Value> point) {
		try {
			return new Evaluator(point, UnitReading.CONVERT, deadline).eval(node);
		} catch (NotScalar e) {
			return null;
		}
	}

	/** Equality of two evaluated numbers, with the precision their written forms imply. */
	@Nullable Boolean numbersEqual(Node goldNode, Value gold, Node predNode, Value pred) {
		if (gold instanceof Exact && pred instanceof Exact && gold.equals(pred)) {
			return true;
		}
		Node.Num goldDecimal = Nodes.decimalLiteral(goldNode);
		Node.Num predDecimal = Nodes.decimalLiteral(predNode);
		if (goldDecimal != null && !goldDecimal.endsInZero()) {
			if (predDecimal != null && predDecimal.decimals() <= goldDecimal.decimals()) {
				return false; // both written to the same precision or less: they must agree exactly
			}
			return roundsTo(pred, goldDecimal.decimals(), gold);
		}
		if (predDecimal != null && goldDecimal == null
				&& predDecimal.significantDigits() >= options.minSignificantDigits()) {
			return roundsTo(gold, predDecimal.decimals(), pred);
		}
		if (gold instanceof Exact && pred instanceof Exact) {
			return false;
		}
		return valuesEqual(gold, pred);
	}

	/** Whether {@code value}, rounded either way at a tie or truncated to {@code places}, is {@code target}. */
	private @Nullable Boolean roundsTo(Value value, int places, Value target) {
		if (!(target instanceof Exact t) || !t.isReal() || !value.isReal()) {
			return false;
		}
		BigDecimal expected = t.re().toDecimal(places, RoundingMode.UNNECESSARY);
		if (value instanceof Exact v) {
			for (RoundingMode mode : new RoundingMode[] {RoundingMode.HALF_UP, RoundingMode.HALF_DOWN, RoundingMode.DOWN}) {
				if (v.re().toDecimal(places, mode).compareTo(expected) == 0) {
					return true;
				}
			}
			return false;
		}
		Approx a = value.approx();
		if (!a.isFinite()) {
			return null;
		}
		// Round the double as the exact value would be rounded, allowing for its own float noise.
		double noise = 1e-12 * Math.max(Math.abs(a.re()), a.scale());
		for (double v : new double[] {a.re(), a.re() - noise, a.re() + noise}) {
			BigDecimal d = new BigDecimal(v);
			for (RoundingMode mode : new RoundingMode[] {RoundingMode.HALF_UP, RoundingMode.DOWN}) {
				if (d.setScale(places, mode).compareTo(expected) == 0) {
					return true;
				}
			}
		}
		return false;
	}

	/** Exact equality, or approximate within tolerance; null when undecidable (NaN, out of range). */
	@Nullable Boolean valuesEqual(Value a, Value b) {
		if (a instanceof Exact && b instanceof Exact) {
			return a.equals(b);
		}
		Approx x = a.approx();
		Approx y = b.approx();
		if (!x.isFinite() || !y.isFinite()) {
			return null;
		}
		double diff = Math.hypot(x.re() - y.re(), x.im() - y.im());
		double magnitude = Math.max(x.magnitude(), y.magnitude());
		double scale = Math.max(x.scale(), y.scale());
		return diff <= options.relativeTolerance() * magnitude || diff <= CANCELLATION_TOLERANCE * scale;
	}

	boolean isZero(Value v) {
		if (v instanceof Exact e) {
			return e.isZero();
		}
		Approx a = v.approx();
		return a.isFinite() && a.magnitude() <= CANCELLATION_TOLERANCE * Math.max(a.scale(), Double.MIN_NORMAL);
	}

	/** Orders two real values; approximately equal values compare as 0. */
	int compare(Value a, Value b) {
		if (a instanceof Exact x && b instanceof Exact y && x.isReal() && y.isReal()) {
			return x.re().compareTo(y.re());
		}
		Boolean same = valuesEqual(a, b);
		if (Boolean.TRUE.equals(same)) {
			return 0;
		}
		return Double.compare(a.approx().re(), b.approx().re());
	}

	Value midpoint(Value a, Value b) {
		return ValueMath.divide(ValueMath.add(a, b), Value.of(2));
	}

	/**
	 * Seeded random points, one value per variable, distinct within a point: integers and halves
	 * of both signs with |v| > 1, so that powers spread out. A nonzero polynomial or rational function
	 * vanishes at such random points with negligible probability (Schwartz-Zippel).
	 */
	List<Map<String, Value>> samplePoints(Set<String> vars) {
		return pointCache.computeIfAbsent(vars, v -> {
			Random random = new Random(options.seed());
			List<Map<String, Value>> points = new ArrayList<>();
			for (int i = 0; i < options.samplePoints(); i++) {
				Map<String, Value> point = new HashMap<>();
				List<BigRational> used = new ArrayList<>();
				for (String name : v) {
					BigRational value;
					do {
						int numerator = random.nextInt(1, 40) * (random.nextBoolean() ? 1 : -1);
						// Integers and halves: exact arithmetic stays cheap (no gcd on big numbers), and the
						// halves still tell floor(x) or (-1)^x apart from smooth expressions.
						int denominator = random.nextInt(1, 3);
						value = BigRational.of(BigInteger.valueOf(numerator), BigInteger.valueOf(denominator));
					} while (used.contains(value) || value.abs().compareTo(BigRational.ONE) <= 0);
					used.add(value);
					point.put(name, Value.of(value));
				}
				points.add(point);
			}
			return points;
		});
	}
}
