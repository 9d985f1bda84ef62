//! The TypeScript twins of the types that cross the IPC bridge, written to
//! `ui/src/lib/ipc/bindings.ts`. The test fails when the committed file is stale; run it with
//! `UPDATE_BINDINGS=1` to rewrite the file.

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use ts_rs::{Config, TS};

    use crate::bus::{AccountState, AccountStatus, CoreEvent, ShopArea};
    use crate::error::{ErrorCode, ErrorPayload};
    use crate::model::*;

    fn generated() -> String {
        let cfg = Config::new().with_large_int("number");
        let decls = [
            ChannelKind::decl(&cfg),
            ConversationStatus::decl(&cfg),
            WaitingOn::decl(&cfg),
            Snooze::decl(&cfg),
            Label::decl(&cfg),
            TemplateRef::decl(&cfg),
            QuickReplyAttachment::decl(&cfg),
            QuickReply::decl(&cfg),
            RenderedQuickReply::decl(&cfg),
            NoteVersion::decl(&cfg),
            CustomerNote::decl(&cfg),
            ChatFilter::decl(&cfg),
            ChatCounts::decl(&cfg),
            Direction::decl(&cfg),
            MessageStatus::decl(&cfg),
            ReplyBlock::decl(&cfg),
            ReplyWindow::decl(&cfg),
            BusinessLink::decl(&cfg),
            SyncGap::decl(&cfg),
            Account::decl(&cfg),
            ConversationSummary::decl(&cfg),
            AttachmentView::decl(&cfg),
            ReactionView::decl(&cfg),
            MessageView::decl(&cfg),
            MessageTemplate::decl(&cfg),
            TemplateChoice::decl(&cfg),
            SearchFragment::decl(&cfg),
            SearchHit::decl(&cfg),
            NoteHit::decl(&cfg),
            IdentityKind::decl(&cfg),
            CustomerIdentity::decl(&cfg),
            ContactCard::decl(&cfg),
            SyncReport::decl(&cfg),
            AccountState::decl(&cfg),
            AccountStatus::decl(&cfg),
            ShopArea::decl(&cfg),
            CoreEvent::decl(&cfg),
            ErrorCode::decl(&cfg),
            ErrorPayload::decl(&cfg),
            crate::notify::NotificationSettings::decl(&cfg),
            crate::secrets::KeyringHealth::decl(&cfg),
            crate::inbox::Scheduled::decl(&cfg),
            OpenInterval::decl(&cfg),
            ClosedDates::decl(&cfg),
            ClosingEarly::decl(&cfg),
            OpeningHours::decl(&cfg),
            RelativeDay::decl(&cfg),
            HoursNow::decl(&cfg),
            AutoKind::decl(&cfg),
            AutoMessage::decl(&cfg),
            FaqCard::decl(&cfg),
            AutoReplies::decl(&cfg),
            FaqTest::decl(&cfg),
            ReplyFigures::decl(&cfg),
            ChannelFigures::decl(&cfg),
            Figures::decl(&cfg),
            MergeHow::decl(&cfg),
            CustomerMerge::decl(&cfg),
            CustomerChannel::decl(&cfg),
            ConsentBasis::decl(&cfg),
            Consent::decl(&cfg),
            Customer::decl(&cfg),
            MergeEvidence::decl(&cfg),
            MergeSuggestion::decl(&cfg),
            Audience::decl(&cfg),
            ExclusionReason::decl(&cfg),
            Broadcast::decl(&cfg),
            BroadcastRecipient::decl(&cfg),
            Preflight::decl(&cfg),
            BroadcastReport::decl(&cfg),
            Poster::decl(&cfg),
            PosterLink::decl(&cfg),
            PosterView::decl(&cfg),
        ];
        let mut out = String::from(
            "// Generated from crates/core by `UPDATE_BINDINGS=1 cargo test -p sportello-core bindings`.\n// Do not edit by hand.\n\n",
        );
        for d in decls {
            out.push_str("export ");
            out.push_str(&d);
            out.push_str("\n\n");
        }
        out.truncate(out.trim_end().len());
        out.push('\n');
        out
    }

    #[test]
    fn bindings_are_current() {
        // The package folder as cargo gives it at run time: a test binary reused from a warm
        // target dir by another checkout must look at this checkout's file.
        let path = PathBuf::from(
            std::env::var("CARGO_MANIFEST_DIR")
                .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned()),
        )
        .join("../../ui/src/lib/ipc/bindings.ts");
        let fresh = generated();
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, fresh).unwrap();
            return;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == fresh,
            "ui/src/lib/ipc/bindings.ts is stale: run `UPDATE_BINDINGS=1 cargo test -p sportello-core bindings` and commit it"
        );
    }
}
