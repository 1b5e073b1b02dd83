// Must compile: the control for the two tests beside it. The engine links the sinks, so
// their headers are on its include path.
#include "sinks/dataset_target.h"
