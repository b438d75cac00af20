# Every dependency comes from a Debian package (see tools/setup.sh); nothing is downloaded.
find_package(Threads REQUIRED)
find_package(TBB REQUIRED)
find_package(Boost 1.71 REQUIRED)  # header-only: Boost.Random's Sobol sequence (engine/sweep)
find_package(tomlplusplus REQUIRED)
find_package(CLI11 REQUIRED)
find_package(OpenSSL REQUIRED COMPONENTS Crypto)
find_package(HDF5 REQUIRED COMPONENTS C HL)
# Eigen (header-only): the SVD of a calibration's local sensitivity (experiment/calibrate).
find_package(Eigen3 3.3 REQUIRED NO_MODULE)

# Random123 is header-only and ships no CMake config.
find_path(RANDOM123_INCLUDE_DIR Random123/philox.h REQUIRED)
add_library(regsim_random123 INTERFACE)
target_include_directories(regsim_random123 SYSTEM INTERFACE ${RANDOM123_INCLUDE_DIR})

add_library(regsim_hdf5 INTERFACE)
target_include_directories(regsim_hdf5 SYSTEM INTERFACE ${HDF5_INCLUDE_DIRS})
target_link_libraries(regsim_hdf5 INTERFACE ${HDF5_LIBRARIES} ${HDF5_HL_LIBRARIES})
target_compile_definitions(regsim_hdf5 INTERFACE ${HDF5_DEFINITIONS})

# NLopt (regsim calibrate: BOBYQA). Debian: libnlopt-dev (tools/setup.sh).
find_package(NLopt CONFIG QUIET)
if(NOT TARGET NLopt::nlopt)
  message(FATAL_ERROR "NLopt not found: regsim calibrate needs it. Install the Debian package "
                      "libnlopt-dev (tools/setup.sh does), or set NLopt_DIR to its CMake config.")
endif()

# MPI (regsim sweep and calibrate under mpirun/srun). Debian: openmpi-bin, libopenmpi-dev
# (tools/setup.sh). Only the CLI's drivers link it (tools/cli/cluster.*), never the model.
if(REGSIM_MPI)
  find_package(MPI COMPONENTS C)
  if(NOT MPI_C_FOUND)
    message(FATAL_ERROR "MPI not found: install the Debian packages openmpi-bin and libopenmpi-dev "
                        "(tools/setup.sh does), or configure with -DREGSIM_MPI=OFF for a regsim "
                        "that runs on one machine only")
  endif()
endif()
