# Sourced by the MPI tests (tests/cli/mpi_*.sh): Open MPI as root (CI runs as root) with more
# ranks than cores, and LeakSanitizer off in the sanitizer build (Open MPI does not free its
# memory at exit). `mpi ARGS` is mpirun with those options.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
mpi() { mpirun --oversubscribe "$@"; }
