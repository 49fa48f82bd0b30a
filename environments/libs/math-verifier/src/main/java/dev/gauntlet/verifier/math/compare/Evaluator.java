package dev.gauntlet.verifier.math.compare;

import dev.gauntlet.verifier.math.budget.Deadline;
import dev.gauntlet.verifier.math.number.BigRational;
import dev.gauntlet.verifier.math.number.Value;
import dev.gauntlet.verifier.math.number.Value.Approx;
import dev.gauntlet.verifier.math.number.Value.Exact;
import dev.gauntlet.verifier.math.number.ValueMath;
import dev.gauntlet.verifier.math.parse.Node;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/** Evaluates a scalar {@link Node} to a {@link Value} under variable bindings. */
final class Evaluator {

	/** How a unit-like mark (percent, degrees) is read on one side of a comparison. */
	enum UnitReading {
		/** 28% is 28/100 and 30° is π/6. */
		CONVERT,
		/** The mark is a unit and is dropped: 28% is 28, 30° is 30. */
		DROP
	}

	/** The node is not a number (a set, a relation, text …). */
	static final class NotScalar extends Exception {
		NotScalar() {
			super(null, null, false, false);
		}
	}

	private static final NotScalar NOT_SCALAR = new NotScalar();
	private static final Exact I = new Exact(BigRational.ZERO, BigRational.ONE);
	private static final Approx PI = new Approx(Math.PI, 0, Math.PI);
	private static final Approx E = new Approx(Math.E, 0, Math.E);

	private final Map<String, Value> bindings;
	private final UnitReading units;
	private final Deadline deadline;

	Evaluator(Map<String, Value> bindings, UnitReading units, Deadline deadline) {
		this.bindings = bindings;
		this.units = units;
		this.deadline = deadline;
	}

	Value eval(Node node) throws NotScalar {
		deadline.tick();
		return switch (node) {
			case Node.Num n -> Value.of(n.value());
			case Node.Sym s -> bound(s.name());
			case Node.Const c -> switch (c.constant()) {
				case PI -> PI;
				case E -> E;
				case I -> I;
				case INFINITY -> new Approx(Double.POSITIVE_INFINITY, 0, Double.POSITIVE_INFINITY);
			};
			case Node.Neg n -> ValueMath.negate(eval(n.operand()));
			case Node.Add a -> ValueMath.add(eval(a.left()), eval(a.right()));
			case Node.Sub a -> ValueMath.subtract(eval(a.left()), eval(a.right()));
			case Node.Mul a -> ValueMath.multiply(eval(a.left()), eval(a.right()));
			case Node.Div a -> ValueMath.divide(eval(a.left()), eval(a.right()));
			case Node.Ratio a -> ValueMath.divide(eval(a.left()), eval(a.right()));
			case Node.Pow p -> ValueMath.power(eval(p.base()), eval(p.exponent()));
			case Node.Percent p -> units == UnitReading.DROP ? eval(p.operand())
					: ValueMath.divide(eval(p.operand()), Value.of(100));
			case Node.Degrees d -> units == UnitReading.DROP ? eval(d.operand())
					: ValueMath.multiply(eval(d.operand()), ValueMath.divide(PI, Value.of(180)));
			case Node.Call c -> call(c);
			case Node.Applied a -> opaqueFunction(a.name(), eval(a.argument()));
			default -> throw NOT_SCALAR;
		};
	}

	private Value bound(String name) throws NotScalar {
		Value v = bindings.get(name);
		if (v == null) {
			throw NOT_SCALAR;
		}
		return v;
	}

	private Value call(Node.Call c) throws NotScalar {
		List<Node> args = c.args();
		Value x = eval(args.getLast());
		return switch (c.fn()) {
			case SQRT -> ValueMath.sqrt(x);
			case ROOT -> ValueMath.root(x, eval(args.getFirst()));
			case ABS -> ValueMath.abs(x);
			case FACTORIAL -> ValueMath.factorial(x);
			case FLOOR -> ValueMath.floor(x, false);
			case CEIL -> ValueMath.floor(x, true);
			case BINOMIAL -> ValueMath.binomial(eval(args.getFirst()), x);
			case EXP -> ValueMath.exp(x);
			case LN -> ValueMath.log(x);
			case LOG -> args.size() == 2 ? ValueMath.logBase(eval(args.getFirst()), x) : ValueMath.log(x);
			case SIN -> ValueMath.sin(x);
			case COS -> ValueMath.cos(x);
			case TAN -> ValueMath.tan(x);
			case SEC -> ValueMath.divide(Value.of(1), ValueMath.cos(x));
			case CSC -> ValueMath.divide(Value.of(1), ValueMath.sin(x));
			case COT -> ValueMath.divide(ValueMath.cos(x), ValueMath.sin(x));
			case ASIN -> ValueMath.asin(x);
			case ACOS -> ValueMath.acos(x);
			case ATAN -> ValueMath.atan(x);
			case SINH -> ValueMath.sinh(x);
			case COSH -> ValueMath.cosh(x);
			case TANH -> ValueMath.tanh(x);
		};
	}

	/**
	 * An unknown function {@code f} is modelled as a fixed pseudo-random function: equal arguments
	 * give equal values, different arguments almost surely different ones, so {@code f(x)} and
	 * {@code f(y)} differ while {@code f(2x)} and {@code f(x+x)} agree.
	 */
	private static Value opaqueFunction(String name, Value argument) {
		long h = name.hashCode();
		if (argument instanceof Exact e) {
			h = 31 * h + e.re().hashCode();
			h = 31 * h + e.im().hashCode();
		} else {
			Approx a = argument.approx();
			// Hash a rounded argument so float noise does not change the value.
			h = 31 * h + Double.hashCode(roundTo9Digits(a.re()));
			h = 31 * h + Double.hashCode(roundTo9Digits(a.im()));
		}
		h = (h ^ (h >>> 29)) * 0x9E3779B97F4A7C15L;
		long numerator = 1_000 + Math.floorMod(h, 9_000);
		return Value.of(BigRational.of(BigInteger.valueOf(numerator), BigInteger.valueOf(997)));
	}

	private static double roundTo9Digits(double x) {
		if (x == 0 || !Double.isFinite(x)) {
			return x;
		}
		double scale = Math.pow(10, 8 - Math.floor(Math.log10(Math.abs(x))));
		return Math.round(x * scale) / scale;
	}
}
