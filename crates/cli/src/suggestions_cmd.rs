//! `lotse suggestions token [revoke]|list|accept|reject` (the editors' side).

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use lotse_server::SuggestionStore;

use crate::output::outln;
use crate::{data_dir, CliError};

#[derive(Args)]
pub struct SuggestionsArgs {
    /// The server's suggestions database (`lotse serve --suggestions-db`).
    #[arg(long, value_name = "FILE", global = true)]
    suggestions_db: Option<PathBuf>,
    #[command(subcommand)]
    command: SuggestionsCommand,
}

#[derive(Subcommand)]
enum SuggestionsCommand {
    /// Issue a bearer token for a Lotse or a team (printed once, stored
    /// hashed), or revoke one with `token revoke`.
    Token(TokenArgs),
    /// Corrections received.
    List {
        /// pending, accepted or rejected.
        #[arg(long)]
        status: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Write the correction into the directory (--db); it goes out with the next publish.
    Accept { id: i64 },
    /// Turn the correction down; the sender sees it with the next publish.
    Reject { id: i64 },
}

#[derive(Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
struct TokenArgs {
    /// Who the new token is for.
    #[arg(long, required = true)]
    name: Option<String>,
    #[command(subcommand)]
    command: Option<TokenCommand>,
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Revoke a token: the server refuses it from its next request on.
    Revoke {
        /// The token's id (a number, shown when it was issued), or a name:
        /// every active token of that name.
        #[arg(value_name = "NAME_OR_ID")]
        who: String,
    },
}

fn token(store: &SuggestionStore, args: &TokenArgs) -> Result<(), CliError> {
    match (&args.command, &args.name) {
        (Some(TokenCommand::Revoke { who }), _) => {
            let n = store.revoke(who)?;
            outln!("revoked {n} token{} ({who})", if n == 1 { "" } else { "s" })?;
        }
        (None, Some(name)) => {
            let (id, token) = store.issue(name)?;
            outln!("{token}")?;
            eprintln!("token {id} for {name:?} issued; it is shown only now");
        }
        (None, None) => {
            return Err(CliError::Usage(
                "give --name NAME to issue a token, or `token revoke NAME_OR_ID`".into(),
            ))
        }
    }
    Ok(())
}

pub fn run(db: Option<&Path>, args: &SuggestionsArgs) -> Result<(), CliError> {
    let path = args.suggestions_db.as_deref().ok_or_else(|| {
        CliError::Usage("give the server's database with --suggestions-db FILE".into())
    })?;
    let store = SuggestionStore::open(path)?;
    match &args.command {
        SuggestionsCommand::Token(args) => token(&store, args)?,
        SuggestionsCommand::List { status, json } => {
            let list = store.list(status.as_deref())?;
            if *json {
                outln!("{}", serde_json::to_string_pretty(&list)?)?;
            } else {
                for s in list {
                    outln!(
                        "{:>4}  {:<8}  {}  {}: {:?} → {:?}  ({}; {})",
                        s.id,
                        s.status,
                        s.correction.offer_id,
                        s.correction.field,
                        s.correction.old_value.unwrap_or_default(),
                        s.correction.new_value,
                        s.sender,
                        s.correction.comment
                    )?;
                }
            }
        }
        SuggestionsCommand::Accept { id } | SuggestionsCommand::Reject { id } => {
            let accepted = matches!(args.command, SuggestionsCommand::Accept { .. });
            let suggestion = store.get(*id)?;
            if suggestion.status != "pending" {
                return Err(CliError::Usage(format!(
                    "suggestion {id} was already {}",
                    suggestion.status
                )));
            }
            let mut directory = data_dir::open(db)?;
            let now = chrono::Utc::now();
            if accepted {
                directory.apply_correction(
                    &suggestion.correction,
                    &now.format("%Y-%m-%d").to_string(),
                )?;
            }
            let at = now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
            directory.record_decision(&suggestion.idempotency_key, accepted, &at)?;
            store.decide(*id, accepted)?;
            outln!(
                "suggestion {id} {}; publish to send the decision{}",
                if accepted {
                    "accepted and written to the directory"
                } else {
                    "rejected"
                },
                if accepted { " and the change" } else { "" }
            )?;
        }
    }
    Ok(())
}
