// Must not compile: the command-line tool stands on the public API (include/ecomsim/)
// and core only; the engine is private to the API layer.
#include "engine/plan.h"
