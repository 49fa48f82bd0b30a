package dev.gauntlet.verifier.math.number;

import dev.gauntlet.verifier.math.number.Value.Approx;
import dev.gauntlet.verifier.math.number.Value.Exact;
import java.math.BigInteger;

/**
 * Arithmetic on {@link Value}s: exact while the result stays rational and small enough,
 * approximate (complex double, principal branches) otherwise.
 */
public final class ValueMath {

	/** Exact results larger than this many bits fall back to doubles, so no single step is slow. */
	static final long MAX_EXACT_BITS = 200_000;
	/** Largest n whose n! is computed exactly (2006! is needed by a known Math-Verify failure). */
	static final int MAX_EXACT_FACTORIAL = 3_000;

	private static final Approx NAN = new Approx(Double.NaN, Double.NaN, Double.NaN);

	private ValueMath() {}

	public static Value add(Value a, Value b) {
		if (a instanceof Exact x && b instanceof Exact y) {
			return new Exact(x.re().add(y.re()), x.im().add(y.im()));
		}
		Approx x = a.approx();
		Approx y = b.approx();
		double re = x.re() + y.re();
		double im = x.im() + y.im();
		return new Approx(re, im, max(x.scale(), y.scale(), Math.hypot(re, im)));
	}

	public static Value negate(Value a) {
		if (a instanceof Exact x) {
			return new Exact(x.re().negate(), x.im().negate());
		}
		Approx x = (Approx) a;
		return new Approx(-x.re(), -x.im(), x.scale());
	}

	public static Value subtract(Value a, Value b) {
		return add(a, negate(b));
	}

	public static Value multiply(Value a, Value b) {
		if (a instanceof Exact x && b instanceof Exact y) {
			if (x.re().bitSize() + y.re().bitSize() < MAX_EXACT_BITS) {
				if (x.isReal() && y.isReal()) {
					return Value.of(x.re().multiply(y.re()));
				}
				BigRational re = x.re().multiply(y.re()).subtract(x.im().multiply(y.im()));
				BigRational im = x.re().multiply(y.im()).add(x.im().multiply(y.re()));
				return new Exact(re, im);
			}
		}
		Approx x = a.approx();
		Approx y = b.approx();
		double re = x.re() * y.re() - x.im() * y.im();
		double im = x.re() * y.im() + x.im() * y.re();
		// Rounding noise carried by a factor grows with the other factor's size.
		double scale = max(Math.hypot(re, im), x.scale() * y.magnitude(), y.scale() * x.magnitude());
		return new Approx(re, im, scale);
	}

	/** a / b; division by an exact zero gives NaN (undefined), never an exception. */
	public static Value divide(Value a, Value b) {
		if (b instanceof Exact y && y.isZero()) {
			return NAN;
		}
		if (a instanceof Exact x && b instanceof Exact y
				&& x.re().bitSize() + y.re().bitSize() < MAX_EXACT_BITS) {
			if (x.isReal() && y.isReal()) {
				return Value.of(x.re().divide(y.re()));
			}
			BigRational norm = y.re().multiply(y.re()).add(y.im().multiply(y.im()));
			BigRational re = x.re().multiply(y.re()).add(x.im().multiply(y.im())).divide(norm);
			BigRational im = x.im().multiply(y.re()).subtract(x.re().multiply(y.im())).divide(norm);
			return new Exact(re, im);
		}
		Approx x = a.approx();
		Approx y = b.approx();
		double d = y.re() * y.re() + y.im() * y.im();
		double re = (x.re() * y.re() + x.im() * y.im()) / d;
		double im = (x.im() * y.re() - x.re() * y.im()) / d;
		double my = Math.sqrt(d);
		double scale = max(Math.hypot(re, im), x.scale() / my, x.magnitude() * y.scale() / d);
		return new Approx(re, im, scale);
	}

	public static Value power(Value base, Value exponent) {
		if (exponent instanceof Exact e && e.isReal() && base instanceof Exact b) {
			BigRational p = e.re();
			if (p.isInteger()) {
				Value exact = exactIntegerPower(b, p.num());
				if (exact != null) {
					return exact;
				}
			} else if (b.isReal() && b.re().signum() > 0 && p.den().bitLength() <= 5) {
				// b^(p/q) stays exact when b is a perfect q-th power (8^(2/3) = 4).
				BigRational root = exactRoot(b.re(), p.den().intValue());
				if (root != null) {
					Value exact = exactIntegerPower(Value.of(root), p.num());
					if (exact != null) {
						return exact;
					}
				}
			}
		}
		Approx x = base.approx();
		Approx y = exponent.approx();
		if (x.im() == 0 && y.im() == 0 && (x.re() > 0 || Math.rint(y.re()) == y.re())) {
			return approx(Math.pow(x.re(), y.re()), 0);
		}
		if (x.re() == 0 && x.im() == 0) {
			return y.re() > 0 ? approx(0, 0) : NAN;
		}
		return exp(multiply(y, log(x)));
	}

	private static Value exactIntegerPower(Exact b, BigInteger n) {
		if (n.bitLength() > 31) {
			return null;
		}
		int k = n.intValue();
		if (b.isZero()) {
			return k > 0 ? Value.of(0) : (k == 0 ? Value.of(1) : NAN);
		}
		long bits = (long) Math.abs(k) * Math.max(b.re().bitSize(), b.im().bitSize());
		if (bits > MAX_EXACT_BITS) {
			return null;
		}
		if (b.isReal()) {
			return Value.of(b.re().pow(k));
		}
		Value result = Value.of(1);
		Value square = b;
		int m = Math.abs(k);
		while (m > 0) {
			if ((m & 1) == 1) {
				result = multiply(result, square);
			}
			m >>= 1;
			if (m > 0) {
				square = multiply(square, square);
			}
		}
		return k >= 0 ? result : divide(Value.of(1), result);
	}

	/** The exact positive q-th root of a positive rational, or null when it is irrational. */
	static BigRational exactRoot(BigRational x, int q) {
		BigInteger n = integerRoot(x.num(), q);
		BigInteger d = integerRoot(x.den(), q);
		return n == null || d == null ? null : BigRational.of(n, d);
	}

	private static BigInteger integerRoot(BigInteger x, int q) {
		if (q == 2) {
			BigInteger r = x.sqrt();
			return r.multiply(r).equals(x) ? r : null;
		}
		if (x.bitLength() > 4000) {
			return null;
		}
		double guess = Math.round(Math.exp(Math.log(x.doubleValue()) / q));
		if (!Double.isFinite(guess)) {
			return null;
		}
		BigInteger r = BigInteger.valueOf((long) guess);
		for (int delta = -1; delta <= 1; delta++) {
			BigInteger c = r.add(BigInteger.valueOf(delta));
			if (c.signum() >= 0 && c.pow(q).equals(x)) {
				return c;
			}
		}
		return null;
	}

	public static Value sqrt(Value a) {
		if (a instanceof Exact x && x.isReal()) {
			BigRational r = x.re();
			if (r.signum() >= 0) {
				BigRational root = exactRoot(r, 2);
				if (root != null) {
					return Value.of(root);
				}
			} else {
				BigRational root = exactRoot(r.negate(), 2);
				if (root != null) {
					return new Exact(BigRational.ZERO, root);
				}
			}
		}
		Approx x = a.approx();
		if (x.im() == 0) {
			return x.re() >= 0 ? approx(Math.sqrt(x.re()), 0) : approx(0, Math.sqrt(-x.re()));
		}
		double m = Math.hypot(x.re(), x.im());
		double re = Math.sqrt((m + x.re()) / 2);
		double im = Math.copySign(Math.sqrt((m - x.re()) / 2), x.im());
		return approx(re, im);
	}

	/** The real n-th root for odd n and negative reals (∛-8 = -2), the principal one otherwise. */
	public static Value root(Value a, Value n) {
		if (n instanceof Exact e && e.isReal() && e.re().isInteger() && e.re().num().bitLength() < 8) {
			int k = e.re().num().intValue();
			if (k == 2) {
				return sqrt(a);
			}
			if (k > 0 && a instanceof Exact x && x.isReal()) {
				BigRational r = x.re();
				BigRational root = exactRoot(r.abs(), k);
				if (root != null && (r.signum() >= 0 || k % 2 == 1)) {
					return Value.of(r.signum() < 0 ? root.negate() : root);
				}
			}
			Approx x = a.approx();
			if (k > 0 && k % 2 == 1 && x.im() == 0) {
				return approx(Math.copySign(Math.pow(Math.abs(x.re()), 1.0 / k), x.re()), 0);
			}
		}
		return power(a, divide(Value.of(1), n));
	}

	public static Value abs(Value a) {
		if (a instanceof Exact x && x.isReal()) {
			return Value.of(x.re().abs());
		}
		if (a instanceof Exact x && x.re().isZero()) {
			return Value.of(x.im().abs());
		}
		return approx(a.approx().magnitude(), 0);
	}

	public static Value factorial(Value a) {
		if (a instanceof Exact x && x.isReal() && x.re().isInteger() && x.re().signum() >= 0) {
			BigInteger n = x.re().num();
			if (n.bitLength() <= 31 && n.intValue() <= MAX_EXACT_FACTORIAL) {
				BigInteger f = BigInteger.ONE;
				for (int i = 2; i <= n.intValue(); i++) {
					f = f.multiply(BigInteger.valueOf(i));
				}
				return Value.of(BigRational.of(f));
			}
		}
		return NAN;
	}

	public static Value exp(Value a) {
		if (a instanceof Exact x && x.isZero()) {
			return Value.of(1);
		}
		Approx x = a.approx();
		double m = Math.exp(x.re());
		return x.im() == 0 ? approx(m, 0) : approx(m * Math.cos(x.im()), m * Math.sin(x.im()));
	}

	/** Natural logarithm, principal branch. */
	public static Value log(Value a) {
		if (a instanceof Exact x && x.isReal() && x.re().equals(BigRational.ONE)) {
			return Value.of(0);
		}
		Approx x = a.approx();
		if (x.re() == 0 && x.im() == 0) {
			return NAN;
		}
		if (x.im() == 0 && x.re() > 0) {
			return approx(Math.log(x.re()), 0);
		}
		return approx(Math.log(Math.hypot(x.re(), x.im())), Math.atan2(x.im(), x.re()));
	}

	public static Value logBase(Value base, Value x) {
		// Exact when x is an exact integer power of the base: log_2 8 = 3.
		if (base instanceof Exact b && x instanceof Exact v && b.isReal() && v.isReal()
				&& b.re().signum() > 0 && v.re().signum() > 0 && !b.re().equals(BigRational.ONE)) {
			Approx guess = divide(log(v), log(b)).approx();
			double k = Math.rint(guess.re());
			if (Math.abs(k - guess.re()) < 1e-9 && Math.abs(k) < 10_000) {
				Value candidate = power(b, Value.of((long) k));
				if (candidate instanceof Exact c && c.re().equals(v.re()) && c.isReal()) {
					return Value.of((long) k);
				}
			}
		}
		return divide(log(x), log(base));
	}

	public static Value sin(Value a) {
		if (a instanceof Exact x && x.isZero()) {
			return Value.of(0);
		}
		Approx x = a.approx();
		if (x.im() == 0) {
			return withScale(approx(Math.sin(x.re()), 0), x.scale());
		}
		return withScale(approx(Math.sin(x.re()) * Math.cosh(x.im()), Math.cos(x.re()) * Math.sinh(x.im())), x.scale());
	}

	public static Value cos(Value a) {
		if (a instanceof Exact x && x.isZero()) {
			return Value.of(1);
		}
		Approx x = a.approx();
		if (x.im() == 0) {
			return withScale(approx(Math.cos(x.re()), 0), x.scale());
		}
		return withScale(approx(Math.cos(x.re()) * Math.cosh(x.im()), -Math.sin(x.re()) * Math.sinh(x.im())), x.scale());
	}

	public static Value tan(Value a) {
		return divide(sin(a), cos(a));
	}

	public static Value asin(Value a) {
		Approx x = a.approx();
		if (x.im() == 0 && Math.abs(x.re()) <= 1) {
			return approx(Math.asin(x.re()), 0);
		}
		// asin z = -i·log(iz + sqrt(1 - z²))
		Value iz = multiply(new Exact(BigRational.ZERO, BigRational.ONE), x);
		Value inner = add(iz, sqrt(subtract(Value.of(1), multiply(x, x))));
		return multiply(new Exact(BigRational.ZERO, BigRational.ONE.negate()), log(inner));
	}

	public static Value acos(Value a) {
		Approx x = a.approx();
		if (x.im() == 0 && Math.abs(x.re()) <= 1) {
			return approx(Math.acos(x.re()), 0);
		}
		return subtract(approx(Math.PI / 2, 0), asin(a));
	}

	public static Value atan(Value a) {
		Approx x = a.approx();
		if (x.im() == 0) {
			return approx(Math.atan(x.re()), 0);
		}
		// atan z = (i/2)·(log(1 - iz) - log(1 + iz))
		Exact i = new Exact(BigRational.ZERO, BigRational.ONE);
		Value iz = multiply(i, x);
		Value diff = subtract(log(subtract(Value.of(1), iz)), log(add(Value.of(1), iz)));
		return multiply(new Exact(BigRational.ZERO, BigRational.of(BigInteger.ONE, BigInteger.TWO)), diff);
	}

	public static Value sinh(Value a) {
		return divide(subtract(exp(a), exp(negate(a))), Value.of(2));
	}

	public static Value cosh(Value a) {
		return divide(add(exp(a), exp(negate(a))), Value.of(2));
	}

	public static Value tanh(Value a) {
		return divide(sinh(a), cosh(a));
	}

	/** floor/ceil of a real value; NaN for complex input. */
	public static Value floor(Value a, boolean ceiling) {
		if (a instanceof Exact x && x.isReal()) {
			BigInteger[] qr = x.re().num().divideAndRemainder(x.re().den());
			BigInteger q = qr[0];
			if (qr[1].signum() != 0) {
				if (!ceiling && x.re().signum() < 0) {
					q = q.subtract(BigInteger.ONE);
				}
				if (ceiling && x.re().signum() > 0) {
					q = q.add(BigInteger.ONE);
				}
			}
			return Value.of(BigRational.of(q));
		}
		Approx x = a.approx();
		if (Math.abs(x.im()) > 1e-12) {
			return NAN;
		}
		return approx(ceiling ? Math.ceil(x.re()) : Math.floor(x.re()), 0);
	}

	public static Value binomial(Value n, Value k) {
		if (n instanceof Exact a && k instanceof Exact b && a.isReal() && b.isReal()
				&& a.re().isInteger() && b.re().isInteger() && a.re().signum() >= 0
				&& a.re().num().bitLength() < 20) {
			int nn = a.re().num().intValue();
			long kk = b.re().num().longValue();
			if (kk < 0 || kk > nn) {
				return Value.of(0);
			}
			if (Math.min(kk, nn - kk) > MAX_EXACT_FACTORIAL) {
				return NAN; // the loop below would build a number of about n bits, one multiplication at a time
			}
			BigInteger r = BigInteger.ONE;
			for (int i = 0; i < Math.min(kk, nn - kk); i++) {
				r = r.multiply(BigInteger.valueOf(nn - i)).divide(BigInteger.valueOf(i + 1));
			}
			return Value.of(BigRational.of(r));
		}
		return NAN;
	}

	public static Approx nan() {
		return NAN;
	}

	/** sin and cos have slope at most 1, so their absolute noise is at most the argument's. */
	private static Approx withScale(Approx r, double argumentScale) {
		return new Approx(r.re(), r.im(), Math.max(r.scale(), argumentScale));
	}

	private static Approx approx(double re, double im) {
		return new Approx(re, im, Math.hypot(re, im));
	}

	private static double max(double a, double b, double c) {
		return Math.max(a, Math.max(b, c));
	}
}
