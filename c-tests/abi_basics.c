/* ABI basics: the PKCS #11 initialisation and PIN/token callbacks, the FIPS 140 calls, the
 * ffdhe and SRP group variables, and the private exports other GnuTLS programs import
 * (libgnutls-dane's _gnutls_buffer_* helpers, gnutls-cli-debug's version overrides, the
 * _gnutls_* variables), and the header's macros: OIDs, old names and the function-like ones
 * (a program using them must compile against our header and get GnuTLS's values).
 *
 * usage: abi_basics
 *
 * Prints key=value lines that must be the same on GnuTLS 3.7.9 and on gnutls-rustls; lines
 * starting with '#' show where the two differ on purpose (GNUTLS_PKCS11_FLAG_AUTO, which
 * gnutls-rustls does not implement) and are not compared. Group values are printed as their
 * size and an FNV-1a hash of their bytes. Compiles against GnuTLS's headers or ours.
 * Exit status is non-zero if a call gave a value GnuTLS 3.7.9 does not give.
 */
#include <gnutls/gnutls.h>
#include <gnutls/pkcs11.h>
#include <gnutls/abstract.h>
#include <gnutls/x509.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* GnuTLS's private exports (GNUTLS_PRIVATE_3_4), declared as in its lib/ sources. */
typedef struct {
    uint8_t *allocd;
    uint8_t *data;
    size_t max_length;
    size_t length;
} buffer_st;
void _gnutls_buffer_init(buffer_st *);
void _gnutls_buffer_clear(buffer_st *);
int _gnutls_buffer_append_str(buffer_st *, const char *);
int _gnutls_buffer_to_datum(buffer_st *, gnutls_datum_t *, unsigned is_str);
void _gnutls_buffer_pop_datum(buffer_st *, gnutls_datum_t *, size_t);
int _gnutls_buffer_unescape(buffer_st *);
void _gnutls_hello_set_default_version(gnutls_session_t, unsigned char, unsigned char);
void _gnutls_record_set_default_version(gnutls_session_t, unsigned char, unsigned char);
void _gnutls_rsa_pms_set_version(gnutls_session_t, unsigned char, unsigned char);
extern int _gnutls_log_level;
extern unsigned int _gnutls_global_version;
extern const char *_gnutls_default_priority_string;
extern char _gnutls_mpi_ops[];

static int bad;

#define EXPECT(label, expr, want)                                                          \
    do {                                                                                   \
        long _v = (long)(expr);                                                            \
        printf("%s=%ld\n", label, _v);                                                     \
        if (_v != (long)(want)) {                                                          \
            printf("MISMATCH %s: got %ld want %ld\n", label, _v, (long)(want));            \
            bad = 1;                                                                       \
        }                                                                                  \
    } while (0)

static int pin_cb(void *userdata, int attempt, const char *url, const char *label, unsigned flags,
                  char *pin, size_t pin_max)
{
    (void)userdata; (void)attempt; (void)url; (void)label; (void)flags; (void)pin; (void)pin_max;
    return -1;
}

static int token_cb(void *const userdata, const char *const label, unsigned retry)
{
    (void)userdata; (void)label; (void)retry;
    return -1;
}

static void group(const char *name, const gnutls_datum_t *d)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned i = 0; i < d->size; i++)
        h = (h ^ d->data[i]) * 0x100000001b3ULL;
    printf("%s=%u:%016llx\n", name, d->size, (unsigned long long)h);
}

static void pkcs11(void)
{
    void *ud = (void *)0x99;
    int marker = 0;

    EXPECT("pkcs11_get_pin_unset", gnutls_pkcs11_get_pin_function(&ud) == NULL, 1);
    EXPECT("pkcs11_get_pin_unset_userdata_untouched", ud == (void *)0x99, 1);
    EXPECT("pkcs11_reinit_uninitialised", gnutls_pkcs11_reinit(), 0);
    EXPECT("pkcs11_init_manual", gnutls_pkcs11_init(GNUTLS_PKCS11_FLAG_MANUAL, NULL), 0);
    EXPECT("pkcs11_init_nested", gnutls_pkcs11_init(GNUTLS_PKCS11_FLAG_MANUAL, NULL), 0);
    EXPECT("pkcs11_init_auto_when_initialised", gnutls_pkcs11_init(GNUTLS_PKCS11_FLAG_AUTO, NULL), 0);
    EXPECT("pkcs11_reinit", gnutls_pkcs11_reinit(), 0);

    gnutls_pkcs11_set_pin_function(pin_cb, &marker);
    gnutls_pkcs11_set_token_function(token_cb, &marker);
    ud = NULL;
    gnutls_pin_callback_t f = gnutls_pkcs11_get_pin_function(&ud);
    EXPECT("pkcs11_get_pin_is_set", f == pin_cb, 1);
    EXPECT("pkcs11_get_pin_userdata", ud == &marker, 1);
    gnutls_pkcs11_set_pin_function(NULL, &marker);
    EXPECT("pkcs11_get_pin_after_null", gnutls_pkcs11_get_pin_function(&ud) == NULL, 1);
    gnutls_pkcs11_set_pin_function(pin_cb, NULL);

    /* Three inits: the callbacks survive until the third deinit. */
    gnutls_pkcs11_deinit();
    gnutls_pkcs11_deinit();
    EXPECT("pkcs11_pin_kept_until_last_deinit", gnutls_pkcs11_get_pin_function(&ud) == pin_cb, 1);
    gnutls_pkcs11_deinit();
    EXPECT("pkcs11_pin_cleared_by_last_deinit", gnutls_pkcs11_get_pin_function(&ud) == NULL, 1);
    gnutls_pkcs11_deinit(); /* one too many: ignored */

    /* gnutls-rustls loads no p11-kit module: GNUTLS_PKCS11_FLAG_AUTO is refused. */
    int r = gnutls_pkcs11_init(GNUTLS_PKCS11_FLAG_AUTO, NULL);
    printf("# pkcs11_init_auto=%d (%s)\n", r, gnutls_strerror_name(r) ? gnutls_strerror_name(r) : "0");
    if (r == 0)
        gnutls_pkcs11_deinit();
    EXPECT("pkcs11_init_manual_again", gnutls_pkcs11_init(GNUTLS_PKCS11_FLAG_MANUAL, NULL), 0);
    gnutls_pkcs11_deinit();
}

static void fips(void)
{
    gnutls_fips140_context_t ctx = NULL;

    EXPECT("fips140_mode_enabled", gnutls_fips140_mode_enabled(), 0);
    gnutls_fips140_set_mode(GNUTLS_FIPS140_LAX, 0);
    gnutls_fips140_set_mode(GNUTLS_FIPS140_STRICT, GNUTLS_FIPS140_SET_MODE_THREAD);
    gnutls_fips140_set_mode((gnutls_fips_mode_t)77, 0);
    EXPECT("fips140_mode_after_set_mode", gnutls_fips140_mode_enabled(), 0);
    EXPECT("fips140_context_init", gnutls_fips140_context_init(&ctx), 0);
    EXPECT("fips140_context_allocated", ctx != NULL, 1);
    EXPECT("fips140_state", gnutls_fips140_get_operation_state(ctx), GNUTLS_FIPS140_OP_INITIAL);
    EXPECT("fips140_push", gnutls_fips140_push_context(ctx), GNUTLS_E_INVALID_REQUEST);
    EXPECT("fips140_state_after_push", gnutls_fips140_get_operation_state(ctx), GNUTLS_FIPS140_OP_INITIAL);
    EXPECT("fips140_pop", gnutls_fips140_pop_context(), GNUTLS_E_INVALID_REQUEST);
    EXPECT("fips140_run_self_tests", gnutls_fips140_run_self_tests(), 0);
    gnutls_fips140_context_deinit(ctx);
    gnutls_fips140_context_deinit(NULL);
}

static void groups(void)
{
    group("ffdhe_2048_prime", &gnutls_ffdhe_2048_group_prime);
    group("ffdhe_2048_q", &gnutls_ffdhe_2048_group_q);
    group("ffdhe_2048_generator", &gnutls_ffdhe_2048_group_generator);
    printf("ffdhe_2048_key_bits=%u\n", gnutls_ffdhe_2048_key_bits);
    group("ffdhe_3072_prime", &gnutls_ffdhe_3072_group_prime);
    group("ffdhe_3072_q", &gnutls_ffdhe_3072_group_q);
    group("ffdhe_3072_generator", &gnutls_ffdhe_3072_group_generator);
    printf("ffdhe_3072_key_bits=%u\n", gnutls_ffdhe_3072_key_bits);
    group("ffdhe_4096_prime", &gnutls_ffdhe_4096_group_prime);
    group("ffdhe_4096_q", &gnutls_ffdhe_4096_group_q);
    group("ffdhe_4096_generator", &gnutls_ffdhe_4096_group_generator);
    printf("ffdhe_4096_key_bits=%u\n", gnutls_ffdhe_4096_key_bits);
    group("ffdhe_6144_prime", &gnutls_ffdhe_6144_group_prime);
    group("ffdhe_6144_q", &gnutls_ffdhe_6144_group_q);
    group("ffdhe_6144_generator", &gnutls_ffdhe_6144_group_generator);
    printf("ffdhe_6144_key_bits=%u\n", gnutls_ffdhe_6144_key_bits);
    group("ffdhe_8192_prime", &gnutls_ffdhe_8192_group_prime);
    group("ffdhe_8192_q", &gnutls_ffdhe_8192_group_q);
    group("ffdhe_8192_generator", &gnutls_ffdhe_8192_group_generator);
    printf("ffdhe_8192_key_bits=%u\n", gnutls_ffdhe_8192_key_bits);
    group("srp_1024_prime", &gnutls_srp_1024_group_prime);
    group("srp_1024_generator", &gnutls_srp_1024_group_generator);
    group("srp_1536_prime", &gnutls_srp_1536_group_prime);
    group("srp_1536_generator", &gnutls_srp_1536_group_generator);
    group("srp_2048_prime", &gnutls_srp_2048_group_prime);
    group("srp_2048_generator", &gnutls_srp_2048_group_generator);
    group("srp_3072_prime", &gnutls_srp_3072_group_prime);
    group("srp_3072_generator", &gnutls_srp_3072_group_generator);
    group("srp_4096_prime", &gnutls_srp_4096_group_prime);
    group("srp_4096_generator", &gnutls_srp_4096_group_generator);
    group("srp_8192_prime", &gnutls_srp_8192_group_prime);
    group("srp_8192_generator", &gnutls_srp_8192_group_generator);
}

static void buffers(void)
{
    buffer_st b;
    gnutls_datum_t d = { (unsigned char *)"x", 1 };

    /* libgnutls-dane's use: a stack buffer, strings appended, handed out as a string. */
    _gnutls_buffer_init(&b);
    EXPECT("buffer_init_empty", b.allocd == NULL && b.data == NULL && b.length == 0 && b.max_length == 0, 1);
    EXPECT("buffer_append_str", _gnutls_buffer_append_str(&b, "_443._tcp."), 0);
    EXPECT("buffer_append_str2", _gnutls_buffer_append_str(&b, "www.example.com"), 0);
    EXPECT("buffer_length", b.length, 25);
    EXPECT("buffer_max_length", b.max_length, 2048);
    EXPECT("buffer_nul_after_data", b.data[b.length], 0);
    EXPECT("buffer_to_datum", _gnutls_buffer_to_datum(&b, &d, 1), 0);
    printf("buffer_datum=%u:%s\n", d.size, (const char *)d.data);
    EXPECT("buffer_datum_nul", d.data[d.size], 0);
    EXPECT("buffer_reset_after_to_datum", b.allocd == NULL && b.data == NULL && b.length == 0, 1);
    gnutls_free(d.data);

    _gnutls_buffer_init(&b);
    EXPECT("buffer_empty_to_datum", _gnutls_buffer_to_datum(&b, &d, 1), 0);
    EXPECT("buffer_empty_datum_null", d.data == NULL && d.size == 0, 1);

    /* Reading part of it, then handing out the rest (a copy). */
    _gnutls_buffer_init(&b);
    _gnutls_buffer_append_str(&b, "abcdef");
    _gnutls_buffer_pop_datum(&b, &d, 2);
    printf("buffer_pop=%u:%.*s\n", d.size, (int)d.size, (const char *)d.data);
    EXPECT("buffer_length_after_pop", b.length, 4);
    _gnutls_buffer_pop_datum(&b, &d, 100);
    printf("buffer_pop_rest=%u:%.*s\n", d.size, (int)d.size, (const char *)d.data);
    EXPECT("buffer_rewound", b.data == b.allocd && b.length == 0, 1);
    _gnutls_buffer_pop_datum(&b, &d, 1);
    EXPECT("buffer_pop_empty", d.data == NULL && d.size == 0, 1);
    _gnutls_buffer_append_str(&b, "0123456789");
    _gnutls_buffer_pop_datum(&b, &d, 3);
    EXPECT("buffer_to_datum_copy", _gnutls_buffer_to_datum(&b, &d, 0), 0);
    printf("buffer_copied=%u:%.*s\n", d.size, (int)d.size, (const char *)d.data);
    gnutls_free(d.data);

    _gnutls_buffer_init(&b);
    _gnutls_buffer_append_str(&b, "a%41%%b%4%zz%2541x%42");
    EXPECT("buffer_unescape", _gnutls_buffer_unescape(&b), 0);
    printf("buffer_unescaped=%.*s\n", (int)b.length, (const char *)b.data);
    _gnutls_buffer_clear(&b);
    EXPECT("buffer_cleared", b.data == NULL && b.length == 0 && b.max_length == 0, 1);
    _gnutls_buffer_clear(&b);
}

static void privates(void)
{
    gnutls_session_t s;

    EXPECT("session_init", gnutls_init(&s, GNUTLS_CLIENT), 0);
    _gnutls_hello_set_default_version(s, 3, 0);
    _gnutls_record_set_default_version(s, 3, 1);
    _gnutls_rsa_pms_set_version(s, 3, 3);
    EXPECT("set_priority_after_version_overrides", gnutls_set_default_priority(s), 0);
    gnutls_deinit(s);

    printf("_gnutls_log_level=%d\n", _gnutls_log_level);
    printf("_gnutls_global_version=0x%06x\n", _gnutls_global_version);
    printf("_gnutls_default_priority_string=%s\n", _gnutls_default_priority_string);
    EXPECT("_gnutls_mpi_ops_linked", _gnutls_mpi_ops != NULL, 1);
}

/* A session gnutls_init cannot make (ours has no DTLS) is NULL, never the caller's garbage:
 * GnuTLS's DTLS tests deinit what they got. Either a session, or NULL with an error. */
static void init_result(void)
{
    gnutls_session_t s = (gnutls_session_t)(uintptr_t)0x1;
    int rc = gnutls_init(&s, GNUTLS_CLIENT | GNUTLS_DATAGRAM);
    EXPECT("init_datagram_session_or_null", (rc == 0 && s != NULL && s != (gnutls_session_t)(uintptr_t)0x1) || (rc < 0 && s == NULL), 1);
    if (rc == 0)
        gnutls_deinit(s);
}

static void macros(void)
{
    unsigned bits = GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP384R1);

    printf("macro_oids=%s %s %s %s\n", GNUTLS_OID_X520_COMMON_NAME, GNUTLS_KP_ANY, GNUTLS_X509EXT_OID_SAN,
           GNUTLS_OID_PKCS9_EMAIL);
    printf("macro_old_names=%d %d %d\n", GNUTLS_E_INSUFFICIENT_CRED, GNUTLS_CIPHER_ARCFOUR, GNUTLS_DIG_SHA);
    printf("macro_bits=%u %u %u %u %u\n", bits, GNUTLS_BITS_ARE_CURVE(bits) != 0, GNUTLS_BITS_TO_CURVE(bits),
           GNUTLS_BITS_TO_GROUP(GNUTLS_SUBGROUP_TO_BITS(2048, 256)), GNUTLS_BITS_TO_SUBGROUP(GNUTLS_SUBGROUP_TO_BITS(2048, 256)));
    printf("macro_sign_flags=%u %u\n", GNUTLS_SIGN_ALGO_TO_FLAGS(GNUTLS_SIGN_RSA_SHA256),
           GNUTLS_FLAGS_TO_SIGN_ALGO(GNUTLS_SIGN_ALGO_TO_FLAGS(GNUTLS_SIGN_RSA_SHA256)));
    printf("macro_pkcs_mask=%u\n", GNUTLS_PKCS_CIPHER_MASK(GNUTLS_PKCS_PBES2_AES_256 | GNUTLS_PKCS_NULL_PASSWORD));
    EXPECT("macro_check_version_numeric", gnutls_check_version_numeric(3, 7, 9) != 0, 1);
    EXPECT("macro_check_version_numeric_future", gnutls_check_version_numeric(9, 0, 0) != 0, 0);
    GNUTLS_FIPS140_SET_LAX_MODE();
    gnutls_record_set_max_empty_records(NULL, 8);
}

int main(void)
{
    init_result();
    macros();
    pkcs11();
    fips();
    groups();
    buffers();
    privates();
    printf("result=%s\n", bad ? "FAIL" : "ok");
    return bad;
}
