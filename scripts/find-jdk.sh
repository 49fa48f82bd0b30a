# Sourced by ./gauntlet and .ci/run: exports JAVA_HOME as a JDK >= 21, taken from JAVA_HOME or /usr/lib/jvm.
# Gauntlet builds with release 21; machines often have an older default JDK beside a newer one.
gauntlet_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1
}

gauntlet_find_jdk() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    if [ "$(gauntlet_java_major "$candidate")" -ge 21 ] 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

if ! JAVA_HOME="$(gauntlet_find_jdk)"; then
  echo "gauntlet: no JDK 21 or newer found. Set JAVA_HOME to one, or install one under /usr/lib/jvm" >&2
  echo "          (for example: apt-get install openjdk-21-jdk-headless, or a Temurin 21+ JDK)." >&2
  exit 1
fi
export JAVA_HOME
