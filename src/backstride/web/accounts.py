"""Clinic mode: accounts, sessions, login rate limiting and sharing.

The tables (``web_`` prefix) are defined in ``backstride.storage.models`` and made by its
migrations, with foreign keys to the person each account owns, so ``Store.forget`` removes the
account, its sessions and its shares with the person. Passwords are hashed with argon2id
(through ``login_limits.HashGate``, a few at a time); session and CSRF tokens are random, and
only a hash of the session token is stored. Sign-in limits: ``login_limits``.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from backstride import limits
from backstride.errors import BackstrideError, InputError, NotFoundError
from backstride.storage import Store
from backstride.storage.models import (
    Account,
    Assessment,
    DiaryShare,
    Invitation,
    Person,
    SessionRow,
    Share,
    ShareInvitation,
    utcnow,
)
from backstride.web.login_limits import (
    HashGate,
    LoginLimiter,
    ServerBusy,
    TooManyAttempts,
    reserved,
)

__all__ = ["Account", "Accounts", "ServerBusy", "SessionRow", "Share", "TooManyAttempts", "User"]

ROLES = ("patient", "clinician", "admin")
INVITED_ROLES = ("clinician", "admin")  # roles that need an invitation (or the CLI)
INVALID_INVITATION = (
    "That invitation code is not valid: it may be mistyped, used or expired. "
    "Ask the clinic's administrator for a new one."
)
INVITATION_DAYS = 14
SHARE_INVITATION_DAYS = 14
MAX_OPEN_SHARE_INVITATIONS = 200  # pending, unexpired, per clinician
BAD_SHARE_CODE = (
    "This invitation link does not work. It may be mistyped, already used, taken back, or "
    "more than 14 days old. Ask the clinician who sent it for a new link."
)
USERNAME = limits.USERNAME
MIN_PASSWORD = 10
_hasher = PasswordHasher()
#: answers that tell whether a username exists ("taken" when registering, "no such clinician"
#: when sharing) one address (or, sharing, one account) gets per sign-in window
NAME_ANSWERS = 10
TOO_MANY_TAKEN = (
    "Too many of the usernames tried from here are taken. Wait {minutes} and try "
    "again, with a name less likely to be in use (add digits, for example)."
)
TOO_MANY_UNKNOWN = (
    "Too many of the clinician names tried are not clinicians here. Wait {minutes}, "
    "check the exact username with your clinic, and try again."
)


@functools.cache
def dummy_hash() -> str:
    """Verified against when the username does not exist, so both cases take the same time.
    Made once, when first needed (clinic mode makes it at start, see ``_install_clinic``):
    single-person mode never signs anyone in, so it does not pay for an argon2 hash."""
    return _hasher.hash(secrets.token_urlsafe(16))


class NotSignedIn(BackstrideError):
    status = 401
    exit_code = 2
    title = "Not signed in"


class CsrfError(BackstrideError):
    status = 403
    exit_code = 2
    title = "Form expired"


class NotAllowed(BackstrideError):
    status = 403
    exit_code = 2
    title = "Not allowed for this account"


@dataclass(frozen=True)
class User:
    id: int
    username: str
    role: str
    person_id: int
    csrf: str = ""


def _verify(stored: str, password: str) -> bool:
    try:
        return bool(_hasher.verify(stored, password))
    except (VerificationError, InvalidHashError):
        return False


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Accounts:
    """All account, session and sharing operations, on the storage layer's database."""

    def __init__(
        self,
        store: Store,
        *,
        max_failures: int,
        window_seconds: int,
        session_days: int,
        per_address: int = 20,
        per_account: int = 50,
        hash_slots: int = 2,
        hash_queue: int = 16,
        name_answers: int = NAME_ANSWERS,
    ):
        self.store = store
        self.session_life = timedelta(days=session_days)
        self.limiter = LoginLimiter(
            store,
            window=timedelta(seconds=window_seconds),
            per_pair=max_failures,
            per_address=per_address,
            per_account=per_account,
            remember=self.session_life,
        )
        self.gate = HashGate(hash_slots, hash_queue)
        self.name_answers = name_answers

    # -- accounts

    def invite(self, note: str, role: str = "clinician", days: int = INVITATION_DAYS) -> str:
        """A one-time invitation code to register with ``role``; only its hash is stored."""
        if role not in INVITED_ROLES:
            raise InputError(
                f"Role {role!r} cannot be invited.", field="role", choices=INVITED_ROLES
            )
        code = secrets.token_urlsafe(18)
        with self.store.write() as s:
            s.add(
                Invitation(
                    code_hash=_digest(code),
                    role=role,
                    note=limits.check_characters(note.strip(), "note", multiline=False)[:100],
                    created_at=utcnow(),
                    expires_at=utcnow() + timedelta(days=days),
                )
            )
        return code

    @staticmethod
    def _open_invitation(s: Any, code: str) -> Any:
        return s.scalar(
            select(Invitation).where(
                Invitation.code_hash == _digest(code.strip()),
                Invitation.used_at.is_(None),
                Invitation.expires_at > utcnow(),
            )
        )

    def check_invitation(self, code: str) -> str:
        """The role an unused, unexpired invitation code is for (nothing is changed), or the
        same InputError that registering with it would raise."""
        with self.store.read() as s:
            row = self._open_invitation(s, code)
            role = None if row is None else str(row.role)
        if role is None:
            raise InputError(INVALID_INVITATION, field="invitation")
        return role

    def _use_invitation(self, s: Any, code: str) -> str:
        """Mark the invitation used (in the caller's transaction) and return its role."""
        row = self._open_invitation(s, code)
        if row is None:
            raise InputError(INVALID_INVITATION, field="invitation")
        row.used_at = utcnow()
        return str(row.role)

    def register(
        self,
        username: str,
        password: str,
        role: str = "patient",
        invitation: str | None = None,
        *,
        trusted: bool = False,
        address: str | None = None,
    ) -> User:
        """A new account. Anyone may register as a patient; a clinician or administrator
        needs a valid invitation code (``invite``), or ``trusted`` (the command line).

        "That username is taken" must be said (the person has to choose another), so it
        tells a stranger that the account exists: from one client ``address`` only
        ``name_answers`` such answers per window are given, then every registration from
        it waits (429), as OWASP advises where enumeration cannot be avoided."""
        name = username.strip().lower()
        if not USERNAME.match(name):
            raise InputError(
                "Choose a username of 3 to 40 letters, digits, dots, dashes or underscores, "
                "starting with a letter or digit.",
                field="username",
            )
        if role not in ROLES:
            raise InputError(f"Role {role!r} is not valid.", field="role", choices=ROLES)
        if role in INVITED_ROLES and not invitation and not trusted:
            raise InputError(
                f"A {role} account needs an invitation code from the clinic's administrator "
                "(`backstride clinic invite`). Without one, register as a patient.",
                field="invitation",
            )
        if len(password) < MIN_PASSWORD:
            raise InputError(
                f"Use a password of at least {MIN_PASSWORD} characters.", field="password"
            )
        taken = False

        def probe(s: Any) -> bool:
            nonlocal taken
            taken = s.scalar(select(Account.id).where(Account.username == name)) is not None
            return taken

        if address is None:  # the command line, run by the server's operator
            with self.store.read() as s:
                probe(s)
        else:
            keys = [f"names:{address[:64]}"]
            self.limiter.look_up(keys, self.name_answers, probe, TOO_MANY_TAKEN, "username")
        if taken:
            raise InputError(f"The username {name!r} is taken. Choose another.", field="username")
        password_hash = self.gate.run(lambda: _hasher.hash(password))
        pid = self.store.add_person(name, uid=f"web-{uuid.uuid4().hex}")
        try:
            with self.store.write() as s:
                if invitation and not trusted:
                    role = self._use_invitation(s, invitation)
                row = Account(
                    username=name,
                    password_hash=password_hash,
                    role=role,
                    person_id=pid,
                    created_at=utcnow(),
                )
                s.add(row)
                s.flush()
                return User(row.id, row.username, row.role, row.person_id)
        except IntegrityError:
            self.store.forget(pid)
            raise InputError(
                f"The username {name!r} is taken. Choose another.", field="username"
            ) from None
        except InputError:
            self.store.forget(pid)
            raise

    def login(self, username: str, password: str, ip: str) -> tuple[User, str]:
        """Check the password; returns the user and a new session token. Rate limited per
        address, per account and address, and per account (see ``login_limits``)."""
        name = username.strip().lower()[:40]
        with reserved(self.limiter, name, ip) as attempt:
            with self.store.read() as s:
                row = s.execute(
                    select(
                        Account.id,
                        Account.username,
                        Account.role,
                        Account.person_id,
                        Account.password_hash,
                    ).where(Account.username == name)
                ).first()
            stored = row.password_hash if row else dummy_hash()
            ok = self.gate.run(lambda: _verify(stored, password))
        if not ok or row is None:  # the reservation stays: it was a failed attempt
            raise InputError("That username and password do not match.", field="password")
        token = secrets.token_urlsafe(32)
        with self.store.write() as s:
            self.limiter.succeeded(s, name, ip, attempt)
            s.execute(delete(SessionRow).where(SessionRow.expires_at < utcnow()))
            s.add(
                SessionRow(
                    token_hash=_digest(token),
                    account_id=row.id,
                    csrf=secrets.token_urlsafe(24),
                    expires_at=utcnow() + self.session_life,
                )
            )
        return User(row.id, row.username, row.role, row.person_id), token

    def user_for(self, token: str | None) -> User | None:
        if not token or len(token) > 100:
            return None
        with self.store.read() as s:
            found = s.execute(
                select(
                    Account.id, Account.username, Account.role, Account.person_id, SessionRow.csrf
                )
                .join(SessionRow, SessionRow.account_id == Account.id)
                .where(SessionRow.token_hash == _digest(token), SessionRow.expires_at > utcnow())
            ).first()
        return None if found is None else User(*found)

    def logout(self, token: str | None) -> None:
        if token:
            with self.store.write() as s:
                s.execute(delete(SessionRow).where(SessionRow.token_hash == _digest(token)))

    # -- assessments and sharing

    def get_assessment(self, user: User, assessment_id: int) -> dict[str, Any]:
        """An assessment the user owns or that was shared with them; 404 for anything else."""
        with self.store.read() as s:
            # who may see it is decided on the owner alone: a damaged row is named only to
            # someone allowed to see it
            owner_id = s.scalar(select(Assessment.person_id).where(Assessment.id == assessment_id))
            allowed = owner_id is not None and (
                owner_id == user.person_id
                or s.scalar(  # a share counts only while its patient owns the assessment
                    select(Share.id)
                    .join(Account, Account.id == Share.patient_id)
                    .where(
                        Share.assessment_id == assessment_id,
                        Share.clinician_id == user.id,
                        Account.person_id == owner_id,
                    )
                )
                is not None
            )
            if not allowed:
                raise NotFoundError(
                    f"There is no assessment {assessment_id} you can see.", field="assessment_id"
                )
            owner = s.scalar(select(Person.name).where(Person.id == owner_id))
            shared = (
                s.execute(
                    select(Account.username)
                    .join(Share, Share.clinician_id == Account.id)
                    .where(Share.assessment_id == assessment_id)
                    .order_by(Account.username)
                )
                .scalars()
                .all()
            )
        row = self.store.get_assessment(assessment_id)
        if row is None:  # deleted in between
            raise NotFoundError(
                f"There is no assessment {assessment_id} you can see.", field="assessment_id"
            )
        mine = row["person_id"] == user.person_id
        return assessment_view(
            row, owner=owner or "", mine=mine, shared_with=list(shared) if mine else []
        )

    def share(self, user: User, assessment_id: int, clinician: str, address: str = "local") -> None:
        a = self.get_assessment(user, assessment_id)
        if not a["mine"]:
            raise NotFoundError(
                f"There is no assessment {assessment_id} of yours.", field="assessment_id"
            )
        cid = self._clinician_id(user, clinician, address)
        try:
            with self.store.write() as s:
                s.add(
                    Share(
                        assessment_id=assessment_id,
                        patient_id=user.id,
                        clinician_id=cid,
                        created_at=utcnow(),
                    )
                )
        except IntegrityError:
            pass  # already shared: sharing twice is fine

    def unshare(self, user: User, assessment_id: int, clinician: str) -> None:
        a = self.get_assessment(user, assessment_id)
        if not a["mine"]:
            raise NotFoundError(
                f"There is no assessment {assessment_id} of yours.", field="assessment_id"
            )
        with self.store.write() as s:
            cid = s.scalar(select(Account.id).where(Account.username == clinician.strip().lower()))
            s.execute(
                delete(Share).where(Share.assessment_id == assessment_id, Share.clinician_id == cid)
            )

    def _clinician_id(self, user: User, clinician: str, address: str) -> int:
        """The clinician's account id. "No such clinician" tells whether a name is one, so
        only ``name_answers`` such answers are given per window to one account or address
        (then every share waits, 429); docs/SECURITY.md says why a share names a username."""
        name = clinician.strip().lower()
        cid = None

        def probe(s: Any) -> bool:
            nonlocal cid
            cid = s.scalar(
                select(Account.id).where(Account.username == name, Account.role == "clinician")
            )
            return cid is None

        keys = [f"names:{address[:64]}", f"names:account:{user.id}"]
        self.limiter.look_up(keys, self.name_answers, probe, TOO_MANY_UNKNOWN, "clinician")
        if cid is None:
            raise InputError(
                f"There is no clinician with the username {name!r}. Check the "
                "spelling with your clinic.",
                field="clinician",
            )
        return int(cid)

    def share_diary(self, user: User, clinician: str, address: str = "local") -> None:
        """Let a clinician see my diary, walks, questionnaires and walking programme."""
        cid = self._clinician_id(user, clinician, address)
        try:
            with self.store.write() as s:
                s.add(DiaryShare(patient_id=user.id, clinician_id=cid, created_at=utcnow()))
        except IntegrityError:
            pass  # already shared

    def unshare_diary(self, user: User, clinician: str) -> None:
        name = clinician.strip().lower()
        with self.store.write() as s:
            cid = s.scalar(select(Account.id).where(Account.username == name))
            s.execute(
                delete(DiaryShare).where(
                    DiaryShare.patient_id == user.id, DiaryShare.clinician_id == cid
                )
            )

    def diary_shared_with(self, user: User) -> list[str]:
        with self.store.read() as s:
            return list(
                s.scalars(
                    select(Account.username)
                    .join(DiaryShare, DiaryShare.clinician_id == Account.id)
                    .where(DiaryShare.patient_id == user.id)
                    .order_by(Account.username)
                )
            )

    def diary_visible(self, viewer: User, person_id: int) -> bool:
        """The viewer owns this person's record, or its owner shares their diary with them."""
        if viewer.person_id == person_id:
            return True
        with self.store.read() as s:
            return (
                s.scalar(
                    select(DiaryShare.id)
                    .join(Account, Account.id == DiaryShare.patient_id)
                    .where(DiaryShare.clinician_id == viewer.id, Account.person_id == person_id)
                )
                is not None
            )

    def patient_record(self, clinician: User, username: str) -> dict[str, Any]:
        """What a clinician may see of one patient: the assessments shared with them, and
        whether the diary is shared. 404 for anyone who shares nothing with this clinician."""
        name = username.strip().lower()
        # only this patient's shares are read, not every patient's (the same entry)
        found = next(iter(self.patients(clinician, only=name)), None)
        if found is None:
            raise NotFoundError(
                f"There is no patient {name!r} who shares with you.", field="username"
            )
        with self.store.read() as s:
            pid = s.scalar(select(Account.person_id).where(Account.username == name))
        return {**found, "person_id": int(pid)}

    def patients(self, clinician: User, *, only: str | None = None) -> list[dict[str, Any]]:
        """Patients who shared at least one assessment with this clinician, and those shares;
        with ``only`` (a username), that patient alone."""
        if clinician.role != "clinician":
            return []
        shares = (
            select(Account.username, Assessment)
            .join(Share, Share.patient_id == Account.id)
            .join(Assessment, Assessment.id == Share.assessment_id)
            .where(Share.clinician_id == clinician.id)
            .where(Assessment.person_id == Account.person_id)
            .order_by(Account.username, Assessment.created_at, Assessment.id)
        )
        diaries = (
            select(Account.username)
            .join(DiaryShare, DiaryShare.patient_id == Account.id)
            .where(DiaryShare.clinician_id == clinician.id)
        )
        if only is not None:
            shares = shares.where(Account.username == only)
            diaries = diaries.where(Account.username == only)
        with self.store.read_rows(Assessment) as s:
            found = s.execute(shares).all()
            rows = [  # each checked like every row the Store reads
                (name, a["id"], a["created_at"], a["result"], a["kb_version"])
                for name, a in ((n, self.store.checked(row)) for n, row in found)
            ]
            diary = set(s.scalars(diaries))
        out: dict[str, dict[str, Any]] = {}
        for username in sorted(diary):
            out[username] = {"username": username, "assessments": [], "diary_shared": True}
        for username, aid, created, result, kb_version in rows:
            p = out.setdefault(
                username, {"username": username, "assessments": [], "diary_shared": False}
            )
            top = (result.get("conditions") or [{}])[0]
            p["assessments"].append(
                {
                    "id": aid,
                    "created_at": created,
                    "kb_version": kb_version,
                    "urgency": (result.get("urgency") or {}).get("level"),
                    "top": top.get("name"),
                    "top_probability": top.get("probability"),
                }
            )
        return sorted(out.values(), key=lambda p: p["username"])

    # -- a clinician invites a patient to share

    def invite_patient(self, clinician: User, label: str = "") -> tuple[int, str]:
        """A clinician's one-time code asking a patient to share with them; returns the
        invitation's id and the code (only its hash is stored). Nothing is shared yet."""
        if clinician.role != "clinician":
            raise NotAllowed("Only clinician accounts can invite patients.", field="role")
        label = " ".join(label.split())
        if len(label) > 60:
            raise InputError(
                f"Keep the label to 60 characters (it has {len(label)}): a first name or an "
                "appointment time is enough.",
                field="label",
            )
        code = secrets.token_urlsafe(18)
        now = utcnow()
        with self.store.write() as s:
            open_now = s.scalar(
                select(func.count())
                .select_from(ShareInvitation)
                .where(
                    ShareInvitation.clinician_id == clinician.id,
                    ShareInvitation.status == "pending",
                    ShareInvitation.expires_at > now,
                )
            )
            if int(open_now or 0) >= MAX_OPEN_SHARE_INVITATIONS:
                raise InputError(
                    f"You have {MAX_OPEN_SHARE_INVITATIONS} open invitations. Revoke some, or "
                    "wait for them to be answered or to expire.",
                    field="label",
                )
            row = ShareInvitation(
                code_hash=_digest(code),
                clinician_id=clinician.id,
                label=label,
                created_at=now,
                expires_at=now + timedelta(days=SHARE_INVITATION_DAYS),
                status="pending",
            )
            s.add(row)
            s.flush()
            return int(row.id), code

    def patient_invitations(self, clinician: User) -> list[dict[str, Any]]:
        """A clinician's invitations, newest first, with their state: pending, accepted,
        declined, revoked or expired (and who answered, for an accepted one)."""
        if clinician.role != "clinician":
            return []
        now = utcnow()
        with self.store.read() as s:
            rows = s.execute(
                select(ShareInvitation, Account.username)
                .outerjoin(Account, Account.id == ShareInvitation.patient_id)
                .where(ShareInvitation.clinician_id == clinician.id)
                .order_by(ShareInvitation.created_at.desc(), ShareInvitation.id.desc())
            ).all()
            out = []
            for row, patient in rows:
                state = row.status
                if state == "pending" and row.expires_at <= now:
                    state = "expired"
                out.append(
                    {
                        "id": row.id,
                        "label": row.label,
                        "created_at": row.created_at,
                        "expires_at": row.expires_at,
                        "answered_at": row.answered_at,
                        "state": state,
                        "patient": patient if state == "accepted" else None,
                    }
                )
            return out

    def revoke_patient_invitation(self, clinician: User, invitation_id: int) -> None:
        """Take back a pending invitation (its link stops working). 404 for an invitation
        that is not this clinician's; revoking an answered one changes nothing."""
        with self.store.write() as s:
            row = s.get(ShareInvitation, invitation_id)
            if row is None or row.clinician_id != clinician.id:
                raise NotFoundError(
                    f"There is no invitation {invitation_id} of yours.", field="invitation_id"
                )
            if row.status == "pending":
                row.status = "revoked"
                row.answered_at = utcnow()

    def _open_share_invitation(self, s: Any, code: str, *, lock: bool = False) -> Any:
        """The pending, unexpired invitation with this code, or None; ``lock`` holds its row
        until the transaction ends (PostgreSQL), so two answers cannot both use it."""
        code = code.strip()
        if not code or len(code) > 100:
            return None
        stmt = select(ShareInvitation).where(
            ShareInvitation.code_hash == _digest(code),
            ShareInvitation.status == "pending",
            ShareInvitation.expires_at > utcnow(),
        )
        return s.scalar(stmt.with_for_update() if lock else stmt)

    def share_invitation(self, code: str) -> dict[str, Any]:
        """Who is asking, for an open invitation code; the same 404 for a code that is
        mistyped, used, declined, revoked or expired (nothing else is revealed)."""
        with self.store.read() as s:
            row = self._open_share_invitation(s, code)
            clinician = None if row is None else s.get(Account, row.clinician_id)
            if row is None or clinician is None:
                raise NotFoundError(BAD_SHARE_CODE, field="code")
            return {
                "clinician": clinician.username,
                "expires_at": row.expires_at,
                "clinician_id": clinician.id,
            }

    def answer_share_invitation(
        self,
        patient: User,
        code: str,
        *,
        accept: bool,
        assessment_ids: list[int] | None = None,
        diary: bool = False,
    ) -> dict[str, Any]:
        """The patient's answer. Accepting shares what they chose (these saved assessments
        of theirs, and the diary if ``diary``) with the inviting clinician; declining shares
        nothing. Either way the code is used up. Returns who asked and what was shared."""
        chosen = sorted(set(assessment_ids or []))
        if patient.role != "patient":
            raise NotAllowed(
                "Only a patient account can answer this invitation. Sign out, then sign in "
                "with your patient account.",
                field="code",
            )
        with self.store.write() as s:
            row = self._open_share_invitation(s, code, lock=True)
            if row is None:
                raise NotFoundError(BAD_SHARE_CODE, field="code")
            if accept and not chosen and not diary:
                raise InputError(
                    'Tick at least one thing to share, or choose "No, don\'t share".',
                    field="share",
                )
            clinician = s.get(Account, row.clinician_id)
            mine = set(
                s.scalars(
                    select(Assessment.id).where(
                        Assessment.person_id == patient.person_id, Assessment.id.in_(chosen)
                    )
                )
            )
            missing = [a for a in chosen if a not in mine]
            if accept and missing:
                raise NotFoundError(
                    f"There is no assessment {missing[0]} of yours.", field="assessments"
                )
            row.status = "accepted" if accept else "declined"
            row.answered_at = utcnow()
            row.patient_id = patient.id
            if accept:
                have = set(
                    s.scalars(
                        select(Share.assessment_id).where(
                            Share.clinician_id == row.clinician_id, Share.assessment_id.in_(chosen)
                        )
                    )
                )
                for aid in chosen:
                    if aid not in have:
                        s.add(
                            Share(
                                assessment_id=aid,
                                patient_id=patient.id,
                                clinician_id=row.clinician_id,
                                created_at=utcnow(),
                            )
                        )
                if diary and (
                    s.scalar(
                        select(DiaryShare.id).where(
                            DiaryShare.patient_id == patient.id,
                            DiaryShare.clinician_id == row.clinician_id,
                        )
                    )
                    is None
                ):
                    s.add(
                        DiaryShare(
                            patient_id=patient.id,
                            clinician_id=row.clinician_id,
                            created_at=utcnow(),
                        )
                    )
            return {
                "clinician": clinician.username if clinician else "",
                "accepted": accept,
                "assessments": chosen if accept else [],
                "diary": bool(accept and diary),
            }

    def my_clinicians(self, patient: User) -> list[str]:
        """Clinicians this patient shares anything with, or accepted an invitation from."""
        with self.store.read() as s:
            names = set(
                s.scalars(
                    select(Account.username)
                    .join(ShareInvitation, ShareInvitation.clinician_id == Account.id)
                    .where(
                        ShareInvitation.patient_id == patient.id,
                        ShareInvitation.status == "accepted",
                    )
                )
            )
            for table in (Share, DiaryShare):
                names |= set(
                    s.scalars(
                        select(Account.username)
                        .join(table, table.clinician_id == Account.id)
                        .where(table.patient_id == patient.id)
                    )
                )
        return sorted(names)

    def count_accounts(self) -> int:
        with self.store.read() as s:
            return int(s.scalar(select(func.count()).select_from(Account)) or 0)


def assessment_view(
    row: Mapping[str, Any], *, owner: str, mine: bool, shared_with: list[str]
) -> dict[str, Any]:
    """A stored assessment row as the saved-assessment pages and API show it."""
    return {
        "id": row["id"],
        "created_at": row["created_at"],
        "kb_version": row["kb_version"],
        "answers": row["answers"],
        "result": row["result"],
        "owner": owner,
        "person_id": row["person_id"],
        "mine": mine,
        "shared_with": shared_with,
    }
