# `cmake --install build --prefix P` and `cpack -G DEB` (docs/cluster.md, section 9).
#
# The layout is fixed, not taken from GNUInstallDirs: the installed binary
# finds its data at <bin>/../share/raices (sim/io/resources.cpp), so bin/ and
# share/ must stay siblings.
set(RAICES_INSTALL_DATA share/raices)

install(TARGETS raices RUNTIME DESTINATION bin)

# The shipped scenarios with everything they name: params/, survey/ mappings,
# data/ with its READMEs and source notes, calibration/ configurations.
install(DIRECTORY ${CMAKE_SOURCE_DIR}/scenarios/ DESTINATION ${RAICES_INSTALL_DATA}/scenarios)

# The Python scripts (plots for `raices compare` and `fit_report.py`, the
# xarray helper, the examples) keep their layout below python/: the examples
# import raices_xr from the directory above them.
set(RAICES_PYTHON_SOURCE_DIR ${CMAKE_SOURCE_DIR}/analysis/python)
file(GLOB_RECURSE RAICES_PYTHON_SCRIPTS RELATIVE ${RAICES_PYTHON_SOURCE_DIR} CONFIGURE_DEPENDS
  ${RAICES_PYTHON_SOURCE_DIR}/*.py)
foreach(script ${RAICES_PYTHON_SCRIPTS})
  get_filename_component(subdir ${script} DIRECTORY)
  install(FILES ${RAICES_PYTHON_SOURCE_DIR}/${script} DESTINATION ${RAICES_INSTALL_DATA}/python/${subdir})
endforeach()

install(PROGRAMS ${CMAKE_SOURCE_DIR}/scripts/slurm/raices-batch.sbatch ${CMAKE_SOURCE_DIR}/scripts/slurm/raices-array.sbatch
  ${CMAKE_SOURCE_DIR}/scripts/slurm/raices-mpi.sbatch
  DESTINATION ${RAICES_INSTALL_DATA}/slurm)

install(DIRECTORY ${CMAKE_SOURCE_DIR}/docs/ DESTINATION share/doc/raices)
install(FILES ${CMAKE_SOURCE_DIR}/README.md DESTINATION share/doc/raices)

# Debian package: cpack -G DEB in the build directory.
set(CPACK_PACKAGE_NAME raices)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(RAICES_PACKAGE_CONTACT "raices maintainers <maintainers@raices.invalid>" CACHE STRING
  "Maintainer field of the Debian package (name <email>)")
set(CPACK_PACKAGE_CONTACT ${RAICES_PACKAGE_CONTACT})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "agent-based simulator of migration from Guatemala, Honduras and El Salvador")
# The long description, after the summary line: lines under 80 characters,
# no leading spaces (CPack indents them for the control file).
string(JOIN "\n" CPACK_DEBIAN_PACKAGE_DESCRIPTION
  "Simulates households in the departments of Guatemala, Honduras and El"
  "Salvador month by month: aspiration and capability to migrate, journeys"
  "through Mexico, enforcement and returns, and the effect of development,"
  "governance, rights, security and gender-based-violence interventions."
  "Commands run scenarios (HDF5/netCDF-4 output), ensembles across MPI ranks"
  "or Slurm arrays, comparisons of scenarios and an ABC calibration. Ships the"
  "scenarios with their data, the Python analysis scripts, Slurm templates"
  "and the documentation.")
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# The runtime libraries (TBB, HDF5, yaml-cpp, fmt, MPI when built with it)
# from the binary's own links, by dpkg-shlibdeps (package dpkg-dev).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# For `raices compare` figures and the analysis scripts; the simulator runs without them.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "python3, python3-pandas, python3-matplotlib, python3-h5py")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "python3-xarray, python3-h5netcdf, openmpi-bin")
set(CPACK_GENERATOR DEB)
include(CPack)
