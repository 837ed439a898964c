# keras2j launcher functions, sourced by bin/keras2j (in the repository) and by the distribution's
# bin/keras2j: one place for the JVM options of each subcommand and for the stderr filter.
# Needs bash; defines functions and variables only.

# The line a JVM prints on stderr at startup when the Vector API module is resolved (an incubator module
# in Java 17 to 2x). Users read it as a fault; keras2j_run drops exactly this line and nothing else.
KERAS2J_INCUBATOR_WARNING='WARNING: Using incubator modules: jdk.incubator.vector'

# The java to run: $JAVA_HOME/bin/java when JAVA_HOME is set, else the java on PATH.
keras2j_java() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    printf '%s\n' "$JAVA_HOME/bin/java"
  elif command -v java >/dev/null 2>&1; then
    command -v java
  else
    echo "keras2j: no Java found: install Java 17 or later, and put it on PATH or set JAVA_HOME" >&2
    return 2
  fi
}

# The "release" file of the JDK/JRE that $1 (a java executable) belongs to, if it has one: every JDK
# build writes JAVA_VERSION and MODULES there, so reading it costs nothing, unlike starting a JVM.
keras2j_release_file() {
  local bin
  bin="$(readlink -f "$1" 2>/dev/null || printf '%s' "$1")"
  printf '%s\n' "$(dirname "$(dirname "$bin")")/release"
}

# Fails with a message when the java $1 is older than 17 (judged from its release file, when it has one).
keras2j_check_java() {
  local release version major
  release="$(keras2j_release_file "$1")"
  [ -f "$release" ] || return 0
  version="$(sed -n 's/^JAVA_VERSION="\(.*\)"/\1/p' "$release")"
  major="${version%%.*}"
  [ "$major" = 1 ] && major="$(printf '%s' "$version" | cut -d. -f2)"   # 1.8.0 -> 8
  case "$major" in
    ''|*[!0-9]*) return 0 ;;
  esac
  if [ "$major" -lt 17 ]; then
    echo "keras2j: needs Java 17 or later, but $1 is Java $version; set JAVA_HOME or PATH to a newer one" >&2
    return 2
  fi
}

# Whether the java $1 has the Vector API module: its release file's MODULES, else `java --list-modules`.
keras2j_has_vector_module() {
  local release
  release="$(keras2j_release_file "$1")"
  if [ -f "$release" ] && grep -q '^MODULES=' "$release"; then
    grep '^MODULES=' "$release" | grep -qw 'jdk\.incubator\.vector'
  else
    "$1" --list-modules 2>/dev/null | grep -q '^jdk.incubator.vector@'
  fi
}

# The subcommand: the first argument that is not an option.
keras2j_subcommand() {
  local a
  for a in "$@"; do
    case "$a" in
      -*) ;;
      *) printf '%s\n' "$a"; return ;;
    esac
  done
}

# Whether the option $1 is among the remaining arguments (alone or as $1=VALUE).
keras2j_has_arg() {
  local want="$1" a
  shift
  for a in "$@"; do
    case "$a" in
      "$want"|"$want"=*) return 0 ;;
    esac
  done
  return 1
}

# Copies stdin to stdout, dropping the JVM's incubator warning line. Lines before it (other JVM startup
# warnings) are read whole, so they pass unchanged; once the warning is seen, or when stdin ends, the rest
# is copied byte for byte as it comes (cat), so a progress bar redrawn with \r is not held back.
keras2j_drop_incubator_warning() {
  local line
  while IFS= read -r line; do
    if [ "$line" = "$KERAS2J_INCUBATOR_WARNING" ]; then
      exec cat
    fi
    printf '%s\n' "$line"
  done
  # The last line had no newline.
  if [ -n "$line" ]; then printf '%s' "$line"; fi
}

# Replaces this shell with the JVM command "$@" (exec: the JVM keeps the launcher's process id, so a signal
# sent to the launcher, SIGKILL too, reaches the JVM), its stderr going through keras2j_drop_incubator_warning
# in a process of its own; stdout is untouched and the exit code is the JVM's. The filter ignores INT, TERM
# and HUP (a Ctrl-C reaches the whole process group), so it copies everything the JVM wrote and ends when its
# input does. The JVM is told the filter's process id (-Dkeras2j.stderrFilter): at exit it closes its stderr
# and waits for the filter (dev.keras2j.cli.LauncherStderr), so the last stderr line is out before the
# caller sees the exit. The filter's pipe is opened on fd 9 and closed in the JVM after being moved to fd 2,
# so the JVM holds its only write end. (A fixed descriptor, not {var}: bash 3.2, macOS's, lacks it; a bash
# older than 4.4 does not give the filter's id in $!, and the JVM then does not wait.)
keras2j_exec_filtered() {
  exec 9> >(trap '' INT TERM HUP; keras2j_drop_incubator_warning >&2)
  local filter="${!:-}"
  exec "$1" "-Dkeras2j.stderrFilter=$filter" "${@:2}" 2>&9 9>&-
}

# The JVM options spark-submit passes on Java 17 (kept equal to spark.opens in pom.xml): `score` runs an
# embedded Spark. Its logs go to SLF4J's no-op provider, the only one on that class path.
KERAS2J_SPARK_OPTS=(--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  --add-exports=java.base/sun.nio.ch=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false
  -Dio.netty.tryReflectionSetAccessible=true)

# Runs the CLI: keras2j_run JAVA CLASSPATH CDS_ARCHIVE ARGS...
# JVM flags per subcommand: inspect (and help/version) is short-lived, so it starts with C1 only, the serial
# collector and a class-data-sharing archive of the classes it loads (CDS_ARCHIVE: written by its first run
# when its folder is writable, used by the next ones; empty for none). The commands that run models keep the
# default C2 compiler, which the kernels need, and resolve the Vector API module so that the matrix multiply
# runs on it (the JVM's warning about it is dropped from stderr); KERAS2J_VECTOR=off, or a Java without that
# module, runs the plain-Java kernels instead (bit-identical outputs). KERAS2J_JAVA_OPTS adds JVM options.
keras2j_run() {
  local java="$1" cp="$2" cds="$3"
  shift 3
  local jvm_opts=() vector=no
  case "$(keras2j_subcommand "$@")" in
    inspect|"")
      jvm_opts=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xlog:disable -Xlog:all=off)
      if [ -n "$cds" ]; then
        if [ -f "$cds" ]; then
          jvm_opts+=("-XX:SharedArchiveFile=$cds")
        elif [ -w "$(dirname "$cds")" ] && ! keras2j_has_arg --graph "$@"; then
          # Not with --graph: Java 17's dynamic archive dump crashes at exit on the layout library's lambdas.
          jvm_opts+=("-XX:ArchiveClassesAtExit=$cds")
        fi
      fi
      ;;
    *)
      if [ "${KERAS2J_VECTOR:-on}" != off ] && keras2j_has_vector_module "$java"; then
        jvm_opts=(--add-modules jdk.incubator.vector)
        vector=yes
      fi
      ;;
  esac
  if [ "$(keras2j_subcommand "$@")" = score ]; then
    jvm_opts+=("${KERAS2J_SPARK_OPTS[@]}")
  fi
  # shellcheck disable=SC2086 # KERAS2J_JAVA_OPTS is a list of options, split on spaces on purpose
  if [ "$vector" = yes ]; then
    keras2j_exec_filtered "$java" ${jvm_opts[@]+"${jvm_opts[@]}"} ${KERAS2J_JAVA_OPTS:-} -cp "$cp" dev.keras2j.cli.Keras2jCli "$@"
  else
    exec "$java" ${jvm_opts[@]+"${jvm_opts[@]}"} ${KERAS2J_JAVA_OPTS:-} -cp "$cp" dev.keras2j.cli.Keras2jCli "$@"
  fi
}
