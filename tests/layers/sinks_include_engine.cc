// Must not compile: sinks sit below the engine, so the engine's headers are not on their
// include path (see src/CMakeLists.txt). tests/layers/CMakeLists.txt checks that the
// build of this file fails.
#include "engine/plan.h"
