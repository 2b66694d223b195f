/* icc_srgb.S — the sRGB ICC profile of the PDF/A output intent, built into
 * the binary from Debian's icc-profiles-free (sRGB.icc, zlib licence; see
 * README).  ICC_FILE is set by the Makefile. */
	.section .rodata
	.global gw_srgb_icc
	.global gw_srgb_icc_end
	.balign 16
gw_srgb_icc:
	.incbin ICC_FILE
gw_srgb_icc_end:
	.section .note.GNU-stack,"",@progbits
