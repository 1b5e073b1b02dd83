# Unity builds (CMAKE_UNITY_BUILD=ON, what scripts/test.sh uses on a clean tree): each
# target's sources are compiled in batches, one translation unit per batch, so that the
# heavy headers (CLI11, GoogleTest, the standard library) are parsed once per batch
# instead of once per file. The files below define names in an anonymous namespace that
# another file of the same target defines too (a helper, a column enum, a test table);
# they compile on their own.
set(ecomsim_unity_alone
  src/api/stream.cc
  src/jobs/commerce_checks.cc
  src/jobs/detect/rules.cc
  src/jobs/sessionize/user_sessions.cc
  src/parquet/reader/delta_decoder.cc
  src/sinks/postgres/loader.cc)
foreach(f IN LISTS ecomsim_unity_alone)
  set_source_files_properties(${PROJECT_SOURCE_DIR}/${f} DIRECTORY ${PROJECT_SOURCE_DIR}/src
                              PROPERTIES SKIP_UNITY_BUILD_INCLUSION ON)
endforeach()
if(ECOMSIM_BUILD_TESTS)
  # tests/<dir>/file, made into a target in tests/<target dir>.
  set(ecomsim_unity_alone_tests
    "tests:tests/model/activity_test.cc"
    "tests:tests/model/commerce_test.cc"
    "tests:tests/model/session_window_test.cc"
    "tests/parquet:tests/parquet/dictionary_test.cc"
    "tests/parquet:tests/parquet/encoding_test.cc"
    "tests/parquet:tests/parquet/parquet_part_writer_test.cc"
    "tests/random:tests/random/alias_table_test.cc"
    "tests/sources:tests/sources/jsonl_reader_test.cc")
  foreach(entry IN LISTS ecomsim_unity_alone_tests)
    string(REPLACE ":" ";" parts "${entry}")
    list(GET parts 0 dir)
    list(GET parts 1 f)
    set_source_files_properties(${PROJECT_SOURCE_DIR}/${f} DIRECTORY ${PROJECT_SOURCE_DIR}/${dir}
                                PROPERTIES SKIP_UNITY_BUILD_INCLUSION ON)
  endforeach()
endif()
