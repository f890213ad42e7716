/* libFuzzer harness for the logo's header readers (kp_image_type, kp_image_size): any bytes an
 * admin uploads are read within their length, and a size is found only for a known type. */
#include <stdint.h>
#include <stdlib.h>

#include "kp_brand.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned long width = 0, height = 0;
    const char *type = kp_image_type(data, size);
    if (kp_image_size(data, size, &width, &height) && !type) {
        abort();
    }
    return 0;
}
