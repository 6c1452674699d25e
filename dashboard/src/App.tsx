import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, onUnauthorized, session, type Me } from './api';
import { setFormLang } from './forms';
import { I18nContext, LANG_KEY, dictionaries, initialLang, useI18n, type Lang } from './i18n';
import { Link, match, navigate, useLocation } from './router';
import { Assessment } from './views/Assessment';
import { PublicDisclosure } from './views/PublicDisclosure';
import { SignIn } from './views/SignIn';
import { CampaignList } from './views/CampaignList';
import { Desk } from './views/Desk';
import { NewCampaign } from './views/NewCampaign';
import { CalendarPage } from './views/CalendarPage';
import { CampaignFrame } from './views/CampaignFrame';
import { Overview } from './views/Overview';
import { AgenciesTable } from './views/AgenciesTable';
import { AgencyPage } from './views/AgencyPage';
import { ItemPage } from './views/ItemPage';
import { ComplaintQueue } from './views/ComplaintQueue';
import { ComplaintForm, TrackComplaint } from './views/PublicComplaint';
import { Referrals } from './views/Referrals';
import { Documents } from './views/Documents';
import { Keys } from './views/Keys';
import { Registry } from './views/Registry';
import { Users } from './views/Users';
import { ChangePassword } from './views/ChangePassword';
import { Loading } from './components';
import { INNER_PAGES, may, mayOpen, navFor } from './navigation';
import { Inbox, InboxLink } from './views/Inbox';
import { SpotChecks } from './views/SpotChecks';
import { SpotCheckPage } from './views/SpotCheckPage';

export function App() {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const i18n = useMemo(
    () => ({
      lang,
      t: dictionaries[lang],
      setLang(next: Lang) {
        localStorage.setItem(LANG_KEY, next);
        setLangState(next);
      },
    }),
    [lang],
  );
  setFormLang(lang);
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = i18n.t.appShort;
  }, [lang, i18n.t.appShort]);
  return (
    <I18nContext.Provider value={i18n}>
      <Shell />
    </I18nContext.Provider>
  );
}

/** Who is signed in: the session cookie survives closing the page, so a reopened page asks the API (GET /v1/me). */
function useSignedIn(): [Me | null | undefined, (me: Me | null) => void] {
  const [me, setMeState] = useState<Me | null | undefined>(undefined);
  const setMe = (next: Me | null) => {
    if (next) session.remember(next);
    else session.clear();
    setMeState(next);
  };
  useEffect(() => {
    let cancelled = false;
    api.get<Me>('/v1/me', { quiet: true }).then(
      (m) => !cancelled && setMe(m),
      () => !cancelled && setMe(null),
    );
    return () => void (cancelled = true);
  }, []);
  return [me, setMe];
}

function Shell() {
  const { path } = useLocation();
  const [me, setMe] = useSignedIn();
  useEffect(
    () =>
      onUnauthorized(() => {
        setMe(null);
        navigate('/signin', { replace: true });
      }),
    [],
  );
  const signOut = async () => {
    const out = await api
      .post<{ endSessionUrl?: string }>('/v1/auth/logout', {}, { quiet: true })
      .catch(() => undefined);
    setMe(null);
    // a session begun at the identity provider ends there too, when it offers a sign-out page
    if (out?.endSessionUrl) location.assign(out.endSessionUrl);
    else navigate('/signin');
  };

  // The public pages need no sign-in.
  if (path === '/complain')
    return (
      <Frame me={null} onSignOut={signOut} publicPage>
        <ComplaintForm />
      </Frame>
    );
  const track = match('/track/:code', path);
  if (path === '/track' || track)
    return (
      <Frame me={null} onSignOut={signOut} publicPage>
        <TrackComplaint code={track?.code} />
      </Frame>
    );

  const disclosure = match('/disclosure/:id', path);
  if (disclosure)
    return (
      <Frame me={null} onSignOut={signOut} publicPage>
        <PublicDisclosure campaignId={disclosure.id} />
      </Frame>
    );

  if (me === undefined)
    return (
      <Frame me={null} onSignOut={signOut}>
        <Loading />
      </Frame>
    );
  if (!me || path === '/signin') {
    return (
      <Frame me={null} onSignOut={signOut}>
        <SignIn
          onSignedIn={(m) => {
            setMe(m);
            navigate('/', { replace: true });
          }}
        />
      </Frame>
    );
  }
  // a generated password is changed before anything else
  if (me.person?.mustChangePassword || path === '/password') {
    return (
      <Frame me={me} onSignOut={signOut}>
        <ChangePassword me={me} onChanged={setMe} />
      </Frame>
    );
  }
  return (
    <Frame me={me} onSignOut={signOut}>
      <Routes me={me} path={path} />
    </Frame>
  );
}

function Routes({ me, path }: { me: Me; path: string }) {
  const { t } = useI18n();
  if (path === '/') {
    if (me.role === 'discipline') return <Referrals />;
    if (me.role === 'admin') return <Keys me={me} />;
    // the day starts at the desk: what waits, then the campaigns
    return (
      <>
        <Desk me={me} />
        <CampaignList me={me} />
      </>
    );
  }
  // each page once, for the roles navigation.ts opens it to; a role is never shown a page the API refuses it
  if (path === '/campaigns/new' && may(INNER_PAGES.newCampaign, me.role)) return <NewCampaign me={me} />;
  if (path === '/complaints' && mayOpen(path, me.role)) return <ComplaintQueue />;
  if (path === '/referrals' && mayOpen(path, me.role)) return <Referrals />;
  if (path === '/documents' && mayOpen(path, me.role)) return <Documents me={me} />;
  if (path === '/keys' && mayOpen(path, me.role)) return <Keys me={me} />;
  if (path === '/registry' && mayOpen(path, me.role)) return <Registry me={me} />;
  if (path === '/users' && mayOpen(path, me.role)) return <Users me={me} />;
  if (path === '/inbox' && mayOpen(path, me.role)) return <Inbox />;

  let m: Record<string, string> | null;
  // an agency has one page in a campaign, its own: the campaign's overview and agency table answer it 403
  const ownPage = (campaignId: string) =>
    me.role === 'agency' && me.agencyId ? `/campaigns/${campaignId}/agencies/${encodeURIComponent(me.agencyId)}` : null;
  if (!may(INNER_PAGES.campaign, me.role) && path.startsWith('/campaigns/')) return <Redirect to="/" />;
  if ((m = match('/campaigns/:id', path))) {
    if (!may(INNER_PAGES.overview, me.role)) return <Redirect to={ownPage(m.id) ?? '/'} />;
    return (
      <CampaignFrame id={m.id} me={me}>
        {(c) => <Overview campaign={c} />}
      </CampaignFrame>
    );
  }
  if ((m = match('/campaigns/:id/agencies', path))) {
    if (!may(INNER_PAGES.agencies, me.role)) return <Redirect to={ownPage(m.id) ?? '/'} />;
    const id = m.id;
    return (
      <CampaignFrame id={id} me={me}>
        {(c) => <AgenciesTable campaign={c} />}
      </CampaignFrame>
    );
  }
  if ((m = match('/campaigns/:id/agencies/:agencyId', path))) {
    const agencyId = m.agencyId;
    if (me.role === 'agency' && agencyId !== me.agencyId) return <Redirect to={ownPage(m.id) ?? '/'} />;
    return (
      <CampaignFrame id={m.id} me={me}>
        {(c) => <AgencyPage campaign={c} agencyId={agencyId} me={me} />}
      </CampaignFrame>
    );
  }
  if ((m = match('/campaigns/:id/assessment', path)) && may(INNER_PAGES.assessment, me.role))
    return (
      <CampaignFrame id={m.id} me={me}>
        {(c) => <Assessment campaign={c} me={me} />}
      </CampaignFrame>
    );
  if ((m = match('/campaigns/:id/calendar', path)) && may(INNER_PAGES.calendar, me.role))
    return (
      <CampaignFrame id={m.id} me={me}>
        {(c) => <CalendarPage campaign={c} me={me} />}
      </CampaignFrame>
    );
  if ((m = match('/campaigns/:id/spot-checks', path)) && may(INNER_PAGES.spotChecks, me.role))
    return (
      <CampaignFrame id={m.id} me={me}>
        {(c) => <SpotChecks campaign={c} />}
      </CampaignFrame>
    );
  if ((m = match('/campaigns/:id/spot-checks/:checkId', path)) && may(INNER_PAGES.spotChecks, me.role)) {
    const checkId = m.checkId;
    return (
      <CampaignFrame id={m.id} me={me}>
        {(c) => <SpotCheckPage campaign={c} checkId={checkId} />}
      </CampaignFrame>
    );
  }
  if ((m = match('/campaigns/:id/items/:itemId', path))) {
    const itemId = m.itemId;
    return (
      <CampaignFrame id={m.id} me={me}>
        {(c) => <ItemPage campaign={c} itemId={itemId} me={me} />}
      </CampaignFrame>
    );
  }
  return (
    <div className="card">
      <p>
        {t.notFound}: {path}
      </p>
      <Link to="/">{t.campaigns}</Link>
    </div>
  );
}

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

function Frame({
  me,
  onSignOut,
  children,
  publicPage,
}: {
  me: Me | null;
  onSignOut(): Promise<void>;
  children: ReactNode;
  publicPage?: boolean;
}) {
  const { t, lang, setLang } = useI18n();
  const signedIn = !publicPage && me;
  return (
    <div className="app">
      <header className="topbar">
        <Link to={publicPage ? '/complain' : '/'} className="brand">
          <span className="brand-mark" aria-hidden="true">
            治
          </span>
          <span>{publicPage ? t.fileComplaint : t.appShort}</span>
        </Link>
        <nav className="topnav">
          {signedIn
            ? navFor(me.role).map((p) =>
                // the inbox's link carries the count of unread messages
                p.path === '/inbox' ? (
                  <InboxLink key={p.path} />
                ) : (
                  <Link key={p.path} to={p.path} data-testid={p.testId}>
                    {p.label(t)}
                  </Link>
                ),
              )
            : null}
          {publicPage ? (
            <>
              <Link to="/complain">{t.fileComplaint}</Link>
              <Link to="/track">{t.trackComplaint}</Link>
            </>
          ) : null}
        </nav>
        <div className="topbar-right">
          {signedIn ? (
            <span className="whoami" data-testid="whoami" data-role={me.role}>
              {me.person ? me.person.displayName : me.name}
              {` · ${me.unitName ?? t.roles[me.role]}`}
            </span>
          ) : null}
          <button
            type="button"
            className="link-button"
            data-testid="lang-toggle"
            onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
          >
            {t.language}
          </button>
          {signedIn && me.person ? (
            <Link to="/password" data-testid="nav-password">
              {t.changePassword}
            </Link>
          ) : null}
          {signedIn ? (
            <button type="button" className="link-button" data-testid="sign-out" onClick={() => void onSignOut()}>
              {t.signOut}
            </button>
          ) : null}
        </div>
      </header>
      <main className="content">{children}</main>
      <footer className="footer muted small">
        {t.appTitle}
        {' · '}
        <Link to="/complain">{t.fileComplaint}</Link>
        {' · '}
        <Link to="/track">{t.trackComplaint}</Link>
      </footer>
    </div>
  );
}
