package dev.gauntlet.environment.bfcl;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One call of a BFCL ground truth: the function and, for each parameter, the values accepted. An empty string
 * among the accepted values means the parameter may be left out.
 */
record ExpectedCall(String function, Map<String, List<Object>> allowed) {

	ExpectedCall {
		allowed = Collections.unmodifiableMap(new LinkedHashMap<>(allowed));
	}

}
