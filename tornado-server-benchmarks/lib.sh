# Helpers that the benchmark scripts share; sourced, not run. Each script defines log() first.

# Runs a command as root: directly when already root, else through sudo.
as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    log "need root to run: $*"; return 1; fi
}

# Installs a Debian package when its command is missing (updating the package lists only when
# the first attempt fails).
install_missing() { # command package
  command -v "$1" >/dev/null && return 0
  [[ -x "/usr/sbin/$1" ]] && return 0
  log "installing $2"
  as_root apt-get install -y "$2" >/dev/null || {
    as_root apt-get update >/dev/null
    as_root apt-get install -y "$2" >/dev/null
  }
}

# Whether something accepts connections on 127.0.0.1:port.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# User + system clock ticks of the whole process so far.
cpu_ticks() { # pid
  # Fields after the ")" that ends the command name: utime and stime are the 12th and 13th.
  sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'
}
