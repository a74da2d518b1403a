# Sourced by scripts/smoke.sh, soak and bench, which each run a cluster of their own: its own
# WEBTOP_HOME and port, never a user's. The root filesystem, only binaries, is shared.

# Stops the cluster and removes it: WEBTOP_HOME/cluster leads to its data inside the root
# filesystem, which removing the home alone would leave behind.
remove_own_cluster() {
  "$webtop" stop >/dev/null 2>&1 || true
  if [[ -L "$WEBTOP_HOME/cluster" ]]; then
    rm -rf --one-file-system "$(readlink -f "$WEBTOP_HOME/cluster")"
  fi
  rm -rf "$WEBTOP_HOME"
}
