# Sourced by the project's scripts: picks a JDK >= 21 and exports JAVA_HOME and JAVA.
# Order: $JAVA_HOME when it is 21 or newer, then the Temurin 25 JDK this project is tested on.
# Prints one clear line and exits 2 when neither is usable.

replaygate_java_major() { # $1 = a JDK's home; sets REPLAYGATE_MAJOR to its feature version (17, 21, 25, ...)
  # From the JDK's own `release` file, with bash builtins only: no JVM (nor sed) is started just to ask.
  REPLAYGATE_MAJOR=
  REPLAYGATE_JDK_VERSION=unknown
  local key value
  if [[ -r "$1/release" ]]; then
    while IFS='=' read -r key value; do
      if [[ "$key" == JAVA_VERSION ]]; then
        value=${value//\"/}
        REPLAYGATE_MAJOR=${value%%.*}
        REPLAYGATE_JDK_VERSION=$value
        return 0
      fi
    done <"$1/release"
  fi
  REPLAYGATE_MAJOR=$("$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = //p' | head -n1 | cut -d. -f1)
}

replaygate_select_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64; do
    [[ -n "$candidate" && -x "$candidate/bin/java" ]] || continue
    replaygate_java_major "$candidate"
    major=$REPLAYGATE_MAJOR
    if [[ "$major" =~ ^[0-9]+$ ]] && (( major >= 21 )); then
      export JAVA_HOME="$candidate"
      JAVA="$candidate/bin/java"
      REPLAYGATE_JAVA_MAJOR=$major
      return 0
    fi
  done
  echo "replaygate: needs a JDK 21 or newer; set JAVA_HOME to one (tested on Temurin 25: /usr/lib/jvm/temurin-25-jdk-amd64)." >&2
  exit 2
}

# Flags Arrow needs on JDK 21-25; -XX:+IgnoreUnrecognizedVMOptions keeps older JVMs from rejecting the newer ones.
# G1 regions of 8 MiB (first 4): under a heap below 4 GiB G1 picks 1 MiB regions, and then every array of 512 KiB or
# more is "humongous", allocated straight into the old generation: a Parquet page (about 1 MiB decompressed, as read
# and as written) is one. On the 10M week under -Xmx2g, 271 of G1's 274 concurrent cycles started at such an
# allocation; with 4 MiB regions 144 cycles ran, 8 of them started so, and the run took 1,317-1,401 s of CPU instead
# of 1,421 s (README, eleventh session). With 8 MiB regions (humongous from 4 MiB) the week took 597.4 s and 1,114 s
# of CPU, and 652.7 s and 1,226 s with 4 MiB run right after it (README, scale section). A region size in
# REPLAYGATE_JAVA_OPTS wins.
REPLAYGATE_JVM_FLAGS=(-XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.nio=ALL-UNNAMED
  --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED -XX:G1HeapRegionSize=8m
  -Duser.timezone=UTC -Duser.language=en -Duser.country=US)
