# The Python module `regsim` (python/): pybind11 and the Python 3 headers from Debian
# (pybind11-dev, python3-dev; tools/setup.sh). REGSIM_PYTHON: AUTO builds it when both are found,
# ON requires them (tools/test.sh), OFF skips it. Sanitizer and fuzz builds never build it: an
# ASan-instrumented extension cannot be loaded into an uninstrumented python3.
set(REGSIM_PYTHON AUTO CACHE STRING "Build the Python module regsim: AUTO, ON or OFF")
set_property(CACHE REGSIM_PYTHON PROPERTY STRINGS AUTO ON OFF)
set(REGSIM_BUILD_PYTHON OFF)
if(REGSIM_SANITIZE OR REGSIM_FUZZ)
  if(REGSIM_PYTHON STREQUAL "ON")
    message(FATAL_ERROR "REGSIM_PYTHON=ON cannot be combined with REGSIM_SANITIZE or REGSIM_FUZZ: "
                        "an ASan-instrumented extension cannot be loaded into an uninstrumented "
                        "python3. Build the module in a plain build directory.")
  endif()
  message(STATUS "regsim Python module: skipped in sanitizer and fuzz builds")
elseif(NOT REGSIM_PYTHON STREQUAL "OFF")
  # Debian's interpreter, which has numpy, xarray and h5py, whatever python3 comes first on PATH.
  if(NOT DEFINED Python_EXECUTABLE AND EXISTS /usr/bin/python3)
    set(Python_EXECUTABLE /usr/bin/python3 CACHE FILEPATH "Python the module is built for")
  endif()
  set(PYBIND11_FINDPYTHON ON)
  find_package(Python 3.9 QUIET COMPONENTS Interpreter Development.Module)
  if(Python_FOUND)
    find_package(pybind11 2.6 CONFIG QUIET)
  endif()
  if(Python_FOUND AND pybind11_FOUND)
    set(REGSIM_BUILD_PYTHON ON)
    # The engine's static libraries are linked into a shared module: position-independent code
    # everywhere (the CLI and the module then run the same object code).
    set(CMAKE_POSITION_INDEPENDENT_CODE ON)
    message(STATUS "regsim Python module: on (Python ${Python_VERSION}, pybind11 ${pybind11_VERSION})")
  elseif(REGSIM_PYTHON STREQUAL "ON")
    message(FATAL_ERROR "REGSIM_PYTHON=ON but pybind11 or the Python 3 headers were not found: "
                        "install the Debian packages pybind11-dev and python3-dev (tools/setup.sh)")
  else()
    message(STATUS "regsim Python module: off (pybind11-dev or python3-dev not found)")
  endif()
endif()
