/* Bitwise-table CRC-32 (IEEE) of N KiB of generated data (default 4096): a CRC benchmark. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv) {
  size_t n = (argc > 1 ? (size_t)atol(argv[1]) : 4096) * 1024;
  uint32_t table[256];
  for (uint32_t i = 0; i < 256; i++) {
    uint32_t c = i;
    for (int k = 0; k < 8; k++) c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
  uint8_t *buf = malloc(n);
  for (size_t i = 0; i < n; i++) buf[i] = (uint8_t)(i * 2654435761u >> 13);
  uint32_t crc = 0xffffffffu;
  for (size_t i = 0; i < n; i++) crc = table[(crc ^ buf[i]) & 0xff] ^ (crc >> 8);
  printf("crc32 %08x of %zu bytes\n", crc ^ 0xffffffffu, n);
  return 0;
}
