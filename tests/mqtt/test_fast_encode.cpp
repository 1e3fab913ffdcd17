// The fast encoders with the verdict this build chooses (vector_verdict where SSE2 is there).
#include "fast_encode_cases.hpp"
