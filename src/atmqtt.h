// Arduino entry header (library.properties: includes=atmqtt.h). Arduino libraries keep their sources in
// src/ and put only src/ on the include path, so this includes the generated single header
// (single_include/atmqtt/atmqtt.hpp, tools/amalgamate.py) by its path relative to this file.
#pragma once

#include "../single_include/atmqtt/atmqtt.hpp"
