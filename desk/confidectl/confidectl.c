/* SPDX-License-Identifier: GPL-3.0-or-later */
/* confidectl: set-up, automation and scripting for a Confide office.
 * Every command goes through libconfide, like the desk does. */
#include "confidectl.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cf-data-dir.h"
#include "cf-error.h"
#include "cf-key.h"
#include "cf-locale.h"
#include "cf-text.h"

/* Commands are grouped by topic in the confidectl-*.c files. */
extern const CtlCommand ctl_office_commands[];
extern const CtlCommand ctl_record_commands[];
extern const CtlCommand ctl_sync_commands[];
extern const CtlCommand ctl_queue_commands[];
extern const CtlCommand ctl_case_commands[];
extern const CtlCommand ctl_machine_commands[];
extern const CtlCommand ctl_retention_commands[];
extern const CtlCommand ctl_settings_commands[];
extern const CtlCommand ctl_access_commands[];
extern const CtlCommand ctl_stats_commands[];
extern const CtlCommand ctl_audit_commands[];
extern const CtlCommand ctl_backup_commands[];

static const CtlCommand *const command_tables[] = {
  ctl_office_commands,
  ctl_record_commands,
  ctl_sync_commands,
  ctl_export_commands,
  ctl_queue_commands,
  ctl_case_commands,
  ctl_machine_commands,
  ctl_retention_commands,
  ctl_settings_commands,
  ctl_access_commands,
  ctl_stats_commands,
  ctl_audit_commands,
  ctl_backup_commands,
};

static CtlExit
exit_for_error (const GError *error)
{
  if (error->domain != CF_ERROR)
    return CTL_EXIT_FAILED;
  switch (error->code)
    {
    case CF_ERROR_WRONG_PASSPHRASE:
    case CF_ERROR_DENIED:
      return CTL_EXIT_AUTH;
    case CF_ERROR_CORRUPT:
    case CF_ERROR_NOT_A_DATABASE:
      return CTL_EXIT_INTEGRITY;
    default:
      return CTL_EXIT_FAILED;
    }
}

/* One line on stderr, starting "confidectl: ".  Messages from libconfide
 * never carry names or note text, so this cannot leak them. */
CtlExit
ctl_fail (GError *error)
{
  CtlExit status = exit_for_error (error);

  g_printerr ("confidectl: %s\n", error->message);
  g_error_free (error);
  return status;
}

CtlExit
ctl_usage (const char *format,
           ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  /* TRANSLATORS: after what was wrong with a command line */
  g_printerr ("confidectl: %s (%s)\n", message, _("see “confidectl --help”"));
  return CTL_EXIT_USAGE;
}

/* The entry of the option @arg names in its first @length bytes ("--name"
 * or "-n"), NULL when the command has no such option. */
static const GOptionEntry *
find_entry (const GOptionEntry *entries,
            const char         *arg,
            gsize               length)
{
  for (const GOptionEntry *e = entries; e->long_name; e++)
    if (arg[1] == '-' ? length == strlen (e->long_name) + 2 && strncmp (arg + 2, e->long_name, length - 2) == 0
                      : length == 2 && e->short_name != 0 && arg[1] == e->short_name)
      return e;
  return NULL;
}

static gboolean
is_utf8 (const char *text,
         gssize      length)
{
  return cf_text_find_problem (text, length, CF_TEXT_PARAGRAPHS, FALSE) != CF_TEXT_INVALID_UTF8;
}

/* GLib refuses an option's value that is not UTF-8 in words that name
 * neither the option nor what to do, and quotes an unknown option back
 * byte for byte: the arguments are checked first, and the bad bytes never
 * quoted.  A file's name may be any bytes, as GLib takes it; the words
 * after the options are the command's to check. */
static gboolean
check_arguments (const char         *command,
                 const GOptionEntry *entries,
                 int                 argc,
                 char              **argv)
{
  for (int i = 1; i < argc && !g_str_equal (argv[i], "--"); i++)
    {
      const char *arg = argv[i], *value;
      gsize length = strcspn (arg, "=");
      const GOptionEntry *entry;

      if (arg[0] != '-' || arg[1] == '\0')
        continue;
      if (!is_utf8 (arg, (gssize) length))
        {
          ctl_usage (_("%s: one of its options is not valid UTF-8 text; type it again"), command);
          return FALSE;
        }
      entry = find_entry (entries, arg, length);
      if (entry == NULL || entry->arg == G_OPTION_ARG_NONE)
        continue;
      value = arg[length] == '=' ? arg + length + 1 : i + 1 < argc ? argv[++i] : NULL;
      if (value != NULL && entry->arg != G_OPTION_ARG_FILENAME && entry->arg != G_OPTION_ARG_FILENAME_ARRAY &&
          !is_utf8 (value, -1))
        {
          ctl_usage (_("%s: the value of --%s is not valid UTF-8 text; type it again in UTF-8"),
                     command, entry->long_name);
          return FALSE;
        }
    }
  return TRUE;
}

/* Parses a command's options; exactly @positional arguments must remain
 * (-1: any number). */
gboolean
ctl_parse (const char   *command,
           GOptionEntry *entries,
           int          *argc,
           char       ***argv,
           int           positional)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;

  if (!check_arguments (command, entries, *argc, *argv))
    return FALSE;
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      ctl_usage ("%s: %s", command, error->message);
      return FALSE;
    }
  /* (*argv)[0] is the command word itself. */
  if (positional >= 0 && *argc - 1 != positional)
    {
      ctl_usage (g_dngettext (NULL, "%s takes %d argument", "%s takes %d arguments", positional),
                 command, positional);
      return FALSE;
    }
  return TRUE;
}

static char *
first_line (char *text)
{
  text[strcspn (text, "\r\n")] = '\0';
  return text;
}

static char *
read_from_terminal (const char *prompt,
                    GError    **error)
{
  struct termios saved, quiet;
  char buffer[1024];
  gboolean ok;

  if (!isatty (STDIN_FILENO) || tcgetattr (STDIN_FILENO, &saved) != 0)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
                   _("No passphrase: give --passphrase-file FILE (or - for standard input)."));
      return NULL;
    }
  quiet = saved;
  quiet.c_lflag &= ~(tcflag_t) ECHO;
  g_printerr ("%s", prompt);
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
  ok = fgets (buffer, sizeof buffer, stdin) != NULL;
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
  g_printerr ("\n");
  if (!ok)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT, _("No passphrase was typed."));
      return NULL;
    }
  {
    char *passphrase = g_strdup (first_line (buffer));
    cf_crypto_init ();
    memset (buffer, 0, sizeof buffer);
    return passphrase;
  }
}

/* Passphrases come from a file's first line, standard input ("-") or the
 * terminal without echo; never from arguments or the environment, where
 * other users of the machine could read them. */
char *
ctl_read_passphrase (const char *path,
                     const char *prompt,
                     GError    **error)
{
  char *passphrase;

  if (path == NULL)
    return read_from_terminal (prompt, error);
  if (g_strcmp0 (path, "-") == 0)
    {
      char buffer[1024];

      if (fgets (buffer, sizeof buffer, stdin) == NULL)
        {
          g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
                       _("No passphrase on standard input."));
          return NULL;
        }
      passphrase = g_strdup (first_line (buffer));
      memset (buffer, 0, sizeof buffer);
      return passphrase;
    }
  return cf_passphrase_read_file (path, error);
}

char *
ctl_read_text_file (const char *path,
                    GError    **error)
{
  g_autoptr(GError) file_error = NULL;
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, &file_error))
    {
      g_set_error (error, CF_ERROR, CF_ERROR_NO_FOLDER,
                   _("Cannot read %s: %s."), path, g_strerror (errno ? errno : ENOENT));
      return NULL;
    }
  return contents;
}

CtlExit
ctl_sign_in (CtlContext *ctx)
{
  GError *error = NULL;
  char *passphrase;

  if (ctx->user == NULL)
    return ctl_usage (_("this command needs --user NAME"));
  passphrase = ctl_read_passphrase (ctx->passphrase_file, _("Passphrase: "), &error);
  if (passphrase == NULL)
    return ctl_fail (error);
  ctx->session = cf_session_sign_in (ctx->data_dir, ctx->user, passphrase, &error);
  cf_wipe_string (passphrase);
  return ctx->session ? CTL_EXIT_OK : ctl_fail (error);
}

void
ctl_print_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

static void
print_help (void)
{
  g_print ("%s",
           _("Usage: confidectl [--data-dir DIR] [--sync-dir DIR] [--user NAME]\n"
             "                  [--passphrase-file FILE] [--json] COMMAND [ARGS]\n\n"
             "Commands:\n"));
  for (gsize t = 0; t < G_N_ELEMENTS (command_tables); t++)
    for (const CtlCommand *c = command_tables[t]; c->name; c++)
      g_print ("  %s %s\n", c->name, c->usage);
  g_print ("\n%s", _("confidectl COMMAND --help tells more of one command; confidectl --version\n"
                      "prints the version.\n"));
}

/* COMMAND --help, for every command in one place: its usage line from the
 * table, and what it does when the table says. */
static gboolean
asks_for_help (int    argc,
               char **argv)
{
  for (int i = 0; i < argc && !g_str_equal (argv[i], "--"); i++)
    if (g_str_equal (argv[i], "--help") || g_str_equal (argv[i], "-h"))
      return TRUE;
  return FALSE;
}

static void
print_command_help (const CtlCommand *command)
{
  g_print (_("Usage: confidectl [--data-dir DIR] [--sync-dir DIR] [--user NAME]\n"
             "                  [--passphrase-file FILE] [--json] %s %s\n"),
           command->name, command->usage);
  if (command->about != NULL)
    g_print ("\n%s", _(command->about));
}

static gboolean
take_value (int   *i,
            int    argc,
            char **argv,
            char **out)
{
  if (*i + 1 >= argc)
    return FALSE;
  g_free (*out);
  *out = g_strdup (argv[++*i]);
  return TRUE;
}

/* Global options come before the command word; returns the index of the
 * command word, or -1 after a usage error. */
static int
parse_global (CtlContext *ctx,
              int         argc,
              char      **argv)
{
  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];
      gboolean ok = TRUE;

      if (arg[0] != '-')
        return i;
      if (g_str_equal (arg, "--json"))
        ctx->json = TRUE;
      else if (g_str_equal (arg, "--data-dir"))
        ok = take_value (&i, argc, argv, &ctx->data_dir);
      else if (g_str_equal (arg, "--sync-dir"))
        ok = take_value (&i, argc, argv, &ctx->sync_dir);
      else if (g_str_equal (arg, "--user"))
        ok = take_value (&i, argc, argv, &ctx->user);
      else if (g_str_equal (arg, "--passphrase-file"))
        ok = take_value (&i, argc, argv, &ctx->passphrase_file);
      else if (g_str_equal (arg, "--help") || g_str_equal (arg, "-h"))
        {
          print_help ();
          exit (CTL_EXIT_OK);
        }
      else if (g_str_equal (arg, "--version"))
        {
          g_print ("confidectl %s\n", PACKAGE_VERSION);
          exit (CTL_EXIT_OK);
        }
      else
        {
          ctl_usage (_("unknown option %s"), arg);
          return -1;
        }
      if (!ok)
        {
          ctl_usage (_("%s needs a value"), arg);
          return -1;
        }
    }
  ctl_usage (_("no command given"));
  return -1;
}

/* Commands are one or two words ("verify", "student add"). */
static const CtlCommand *
find_command (int    argc,
              char **argv,
              int    at,
              int   *words)
{
  for (gsize t = 0; t < G_N_ELEMENTS (command_tables); t++)
    for (const CtlCommand *c = command_tables[t]; c->name; c++)
      {
        g_auto(GStrv) parts = g_strsplit (c->name, " ", 2);
        int n = parts[1] ? 2 : 1;

        if (at + n - 1 < argc && g_str_equal (argv[at], parts[0]) &&
            (n == 1 || g_str_equal (argv[at + 1], parts[1])))
          {
            *words = n;
            return c;
          }
      }
  return NULL;
}

static void
ctx_clear (CtlContext *ctx)
{
  g_clear_object (&ctx->session);
  g_free (ctx->data_dir);
  g_free (ctx->sync_dir);
  g_free (ctx->user);
  g_free (ctx->passphrase_file);
}

int
main (int    argc,
      char **argv)
{
  CtlContext ctx = { 0 };
  const CtlCommand *command;
  int at, words = 0;
  CtlExit status;

  setlocale (LC_ALL, "");
  cf_locale_bind (LOCALEDIR, BUILD_LOCALEDIR);
  textdomain (GETTEXT_PACKAGE);

  if (!cf_crypto_init ())
    {
      g_printerr ("confidectl: %s\n", _("the cryptography library could not start."));
      return CTL_EXIT_FAILED;
    }
  at = parse_global (&ctx, argc, argv);
  if (at < 0)
    {
      ctx_clear (&ctx);
      return CTL_EXIT_USAGE;
    }
  if (ctx.data_dir == NULL)
    ctx.data_dir = cf_data_dir_default ();

  command = find_command (argc, argv, at, &words);
  if (command == NULL)
    status = ctl_usage (_("unknown command “%s”"), argv[at]);
  else if (asks_for_help (argc - at - words, argv + at + words))
    {
      print_command_help (command);
      status = CTL_EXIT_OK;
    }
  else
    {
      /* The command sees its own name as argv[0], then its arguments. */
      g_autofree char **args = g_new0 (char *, argc - at - words + 2);
      int n = 0;

      args[n++] = (char *) command->name;
      for (int i = at + words; i < argc; i++)
        args[n++] = argv[i];
      status = command->run (&ctx, n, args);
    }
  ctx_clear (&ctx);
  return status;
}
