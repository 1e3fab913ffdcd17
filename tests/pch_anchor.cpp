// Compiled only so that the unit tests can reuse its precompiled Catch2 header (tests/CMakeLists.txt).
