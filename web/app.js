'use strict';
// The officers' inbox: one page, no framework. It talks only to /api/v1/ on this server.
// Resident text is untrusted: every piece of data goes into the page as a text node, never as HTML.

(function () {
  // --- all words of the page -----------------------------------------------------------------------

  const STRINGS = {
    nl: {
      pageTitle: 'Inbox – buurtbot',
      skip: 'Naar de inhoud',
      brand: 'buurtbot – inbox van de gemeente',
      brandOf: '{name} – inbox',
      menu: 'Menu',
      navThreads: 'Vragen',
      navInitiatives: 'Plannen',
      navCanned: 'Standaardantwoorden',
      navWorkgroups: 'Werkgroepen',
      navReports: 'Cijfers',
      signedInAs: 'Ingelogd als {name}',
      signOut: 'Uitloggen',
      otherLanguage: 'English',
      otherLanguageCode: 'en',
      switchedLanguage: 'De pagina is nu in het Nederlands.',
      loading: 'Bezig met laden…',

      loginTitle: 'Inloggen',
      loginIntro: 'Deze pagina is voor medewerkers van de gemeente.',
      loginName: 'Gebruikersnaam',
      password: 'Wachtwoord',
      loginButton: 'Inloggen',
      loginWrong: 'De gebruikersnaam of het wachtwoord klopt niet. Probeer het opnieuw.',
      loginTooMany: 'Te vaak een verkeerd wachtwoord. Wacht even en probeer het dan opnieuw.',
      loginMissing: 'Vul je gebruikersnaam en wachtwoord in.',
      signedOut: 'Je bent uitgelogd.',
      sessionEnded: 'Je sessie is afgelopen. Log opnieuw in.',

      threadsTitle: 'Vragen van bewoners',
      filters: 'Filters',
      filterStatus: 'Status',
      filterChannel: 'Kanaal',
      filterWho: 'Wie pakt het op',
      filterOverdue: 'Alleen vragen die te laat zijn',
      filterSearch: 'Zoeken in vragen',
      all: 'Alle',
      everyone: 'Iedereen',
      mine: 'Mijn vragen',
      unassigned: 'Nog niemand',
      threadCount: '{n} vragen',
      threadCountOne: '1 vraag',
      noThreads: 'Er zijn geen vragen die hierbij passen.',
      nextThreads: 'Volgende vragen',
      newestThreads: 'Terug naar de nieuwste vragen',
      unread: 'Nieuw',
      overdue: 'Te laat',
      assignedTo: 'Opgepakt door {name}',
      notAssigned: 'Nog niet opgepakt',
      newQuestion: 'Er is een nieuwe vraag of een nieuw bericht.',
      lastActivity: 'Laatste bericht: {when}',
      lastByResident: 'Laatst geschreven door de bewoner',
      lastByOfficer: 'Laatst geschreven door {name}',
      noQuestionText: '(nog geen vraag)',

      statusOpen: 'Open',
      statusPending: 'Wacht op bewoner',
      statusResolved: 'Afgehandeld',

      backToThreads: 'Terug naar de vragen',
      threadTitle: 'Vraag van {name}',
      channel: 'Kanaal',
      status: 'Status',
      assignee: 'Opgepakt door',
      started: 'Begonnen',
      language: 'Taal',
      unreachable: 'Onbereikbaar',
      answerEmail: 'Antwoord ook per mail naar',
      unreachableLine: '{channel} sinds {since}: {reason}',
      languages: 'nl=Nederlands,en=Engels',
      firstResponse: 'Eerste antwoord',
      dueIn: 'nog {time}',
      dueLate: '{time} te laat',
      answeredAt: 'gegeven op {when}',
      notNeeded: 'niet meer nodig',
      otherQuestions: 'Andere vragen van deze bewoner',
      noOtherQuestions: 'Deze bewoner heeft geen andere vragen.',
      plansOf: 'Plannen van deze bewoner',
      noPlansOf: 'Deze bewoner heeft geen plannen ingediend.',
      questionLine: '{text} ({status}, {when})',
      nobody: 'Niemand',
      claim: 'Ik pak deze vraag op',
      unclaim: 'Geef de vraag terug',
      resolve: 'Afhandelen',
      reopen: 'Opnieuw openen',
      claimed: 'Je hebt deze vraag opgepakt.',
      unclaimed: 'De vraag is teruggegeven.',
      resolved: 'De vraag is afgehandeld.',
      reopened: 'De vraag is weer open.',
      assignTo: 'Geef de vraag aan',
      assignButton: 'Geef de vraag',
      assigned: 'De vraag is gegeven aan {name}.',
      conversation: 'Gesprek',
      fromResident: 'Bewoner {name}',
      fromOfficer: 'Medewerker {name}',
      noteBy: 'Notitie van {name}',
      noteByUnknown: 'Notitie',
      noMessages: 'Nog geen berichten.',
      replyTitle: 'Antwoord aan de bewoner',
      replyLabel: 'Je antwoord',
      replyHint: 'De bewoner krijgt dit antwoord via {channel}.',
      replyButton: 'Verstuur antwoord',
      replySent: 'Je antwoord is verstuurd.',
      replyEmpty: 'Schrijf eerst een antwoord.',
      cannedPick: 'Standaardantwoord invoegen',
      cannedNone: 'Kies een standaardantwoord',
      cannedInserted: 'Het standaardantwoord staat in je antwoord.',
      noteTitle: 'Notitie',
      noteLabel: 'Notitie (alleen medewerkers zien dit)',
      noteButton: 'Notitie opslaan',
      noteSaved: 'De notitie is opgeslagen.',
      noteEmpty: 'Schrijf eerst een notitie.',
      updated: 'Er is een nieuw bericht in dit gesprek.',
      attachments: 'Foto\'s en bestanden',
      attachmentPhoto: 'Foto',
      attachmentDocument: 'Bestand',
      attachmentLine: '{kind}: {name} (via {channel})',
      attachmentNoName: 'zonder naam',
      attachmentOpen: '{kind}: {name} ({size})',
      attachmentElsewhere: '{kind}: {name} (staat in {channel}, niet bij de gemeente)',
      attachmentTooLarge: '{kind}: {name} (niet bewaard: het bestand is te groot)',
      attachmentTooMuch: '{kind}: {name} (niet bewaard: alle bestanden van dit bericht samen zijn te groot)',
      attachmentGone: '{kind}: {name} (niet meer bewaard)',

      initiativesTitle: 'Plannen van bewoners',
      theme: 'Thema',
      neighbourhood: 'Wijk',
      ref: 'Nummer',
      title: 'Naam',
      supports: 'Steun',
      followers: 'Volgers',
      updatedAt: 'Bijgewerkt',
      noInitiatives: 'Er zijn geen plannen die hierbij passen.',
      initiativeCount: '{n} plannen',
      initiativeCountOne: '1 plan',
      backToInitiatives: 'Terug naar de plannen',
      description: 'Omschrijving',
      help: 'Hulp van de gemeente',
      helpNone: 'Geen',
      amount: 'Bedrag',
      submittedAt: 'Ingediend',
      history: 'Geschiedenis',
      historyEmpty: 'Nog geen wijzigingen.',
      historyLine: '{from} → {to}, door {actor}',
      historyFirst: '{to}, door {actor}',
      bySubmitter: 'de indiener',
      submitter: 'Ingediend door',
      submitterForgotten: 'Niet meer bekend: de indiener heeft zijn gegevens laten wissen.',
      submitterNoName: 'bewoner zonder naam',
      submitterLine: '{name}, via {channels}',
      submitterThreads: 'Vragen van de indiener in de inbox',
      noSubmitterThreads: 'De indiener heeft geen vragen in de inbox.',
      questionsAndAnswers: 'Vragen en antwoorden',
      noQuestionsAndAnswers: 'De gemeente heeft nog geen vraag over dit plan gesteld.',
      questionBy: 'Vraag van de gemeente, door {name}',
      answerBySubmitter: 'Antwoord van de indiener',
      changeStatus: 'Status wijzigen',
      newStatus: 'Nieuwe status',
      chooseStatus: 'Kies een status',
      statusMissing: 'Kies eerst een nieuwe status.',
      answer: 'Antwoord aan de bewoner',
      answerHint: 'Verplicht bij "afgewezen" en "meer informatie nodig". De indieners en volgers krijgen dit bericht.',
      answerEn: 'Hetzelfde antwoord in het Engels (mag leeg)',
      answerEnHint: 'Bewoners die Engels lezen krijgen dit antwoord. Laat je het leeg, dan krijgen zij het Nederlandse antwoord.',
      answerRequired: 'Schrijf een antwoord. Bij deze status moet de bewoner weten waarom.',
      save: 'Opslaan',
      confirmNotify: 'Na deze wijziging krijgen {who} een bericht. Wil je de status wijzigen?',
      confirmYes: 'Ja, wijzig de status',
      confirmNo: 'Nee, nog niet',
      whoSubmitter: 'de indiener',
      whoFollowersOne: '1 volger',
      whoFollowers: '{n} volgers',
      whoChatsOne: '1 groepschat van een werkgroep',
      whoChats: '{n} groepschats van werkgroepen',
      and: 'en',
      statusChanged: 'De status is gewijzigd.',
      finalStatus: 'Deze status is definitief. Je kunt hem niet meer wijzigen.',
      conflict: 'Deze stap kan niet vanuit de huidige status. Misschien heeft iemand anders het plan net gewijzigd. Laad de pagina opnieuw.',
      allowedNow: 'Nu kan: {list}.',
      badRequest: 'De gegevens kloppen niet: {detail}',
      notFound: 'Dit bestaat niet (meer).',
      forbidden: 'Dit mag alleen een beheerder.',
      network: 'Er is geen verbinding met de server. Probeer het zo opnieuw.',
      failed: 'Dat lukte niet ({code}). Probeer het opnieuw.',

      cannedTitle: 'Standaardantwoorden',
      cannedIntro: 'Teksten die je vaak gebruikt. {{naam}} wordt de naam van de bewoner.',
      cannedEmpty: 'Er zijn nog geen standaardantwoorden.',
      cannedNew: 'Nieuw standaardantwoord',
      cannedTitleLabel: 'Titel',
      cannedTextLabel: 'Tekst',
      cannedAdd: 'Toevoegen',
      cannedEdit: 'Wijzigen',
      cannedEditOf: 'Wijzig "{title}"',
      cannedDelete: 'Verwijderen',
      cannedSave: 'Wijziging opslaan',
      cannedCancel: 'Annuleren',
      cannedAdded: 'Het standaardantwoord is toegevoegd.',
      cannedSaved: 'Het standaardantwoord is gewijzigd.',
      cannedDeleted: 'Het standaardantwoord is verwijderd.',
      cannedIncomplete: 'Vul een titel en een tekst in.',

      workgroupsTitle: 'Werkgroepen',
      workgroupsEmpty: 'Er zijn nog geen werkgroepen.',
      members: 'Leden',
      chats: 'Gekoppelde groepschats',
      noChats: 'Nog geen groepschat gekoppeld.',
      linkCode: 'Maak een koppelcode',
      linkCodeFor: ' voor {name}',
      linkCodeMade: 'Koppelcode: {code}. Stuur deze code in de groepschat. De code werkt tot {when}.',
      broadcastLabel: 'Bericht aan alle leden van {name}',
      broadcastButton: 'Stuur naar alle leden',
      broadcastSent: 'Het bericht gaat naar {n} chats: de groepen en de leden.',
      broadcastEmpty: 'Schrijf eerst een bericht.',
      newWorkgroup: 'Nieuwe werkgroep',
      workgroupName: 'Naam',
      workgroupDescription: 'Waar werkt de groep aan? (mag leeg)',
      createWorkgroup: 'Maak de werkgroep',
      workgroupCreated: 'De werkgroep {name} is gemaakt.',
      workgroupIncomplete: 'Vul een naam in en kies een thema.',
      unlinkChat: 'Ontkoppel',
      unlinkChatFor: ' {chat} van {name}',
      chatUnlinked: 'De chat is ontkoppeld. Die groep krijgt geen berichten meer.',

      reportsTitle: 'Cijfers',
      reportsInitiatives: 'Plannen',
      reportsTotal: 'Totaal',
      reportsByStatus: 'Plannen per status',
      reportsByTheme: 'Plannen per thema',
      reportsByNeighbourhood: 'Plannen per wijk',
      reportsQuestions: 'Vragen',
      reportsByChannel: 'Vragen per kanaal',
      reportsSupports: 'Steunbetuigingen',
      reportsFirstResponse: 'Tijd tot eerste antwoord (mediaan)',
      reportsResolution: 'Tijd tot afhandeling (mediaan)',
      reportsUnknown: 'Nog niet bekend',
      reportsCsv: 'Download alle plannen (CSV)',
      reportsNone: 'Nog geen gegevens.',
      reportsPeriod: 'Periode',
      reportsFrom: 'Van (mag leeg)',
      reportsTo: 'Tot en met (mag leeg)',
      reportsShow: 'Toon de cijfers',
      reportsRangeWrong: 'De eerste datum moet voor de tweede liggen.',
      reportsShown: 'De cijfers zijn bijgewerkt.',
      minutes: '{n} minuten',
      hours: '{n} uur',
      days: '{n} dagen',
    },
    en: {
      pageTitle: 'Inbox – buurtbot',
      skip: 'Skip to content',
      brand: 'buurtbot – municipality inbox',
      brandOf: '{name} – inbox',
      menu: 'Menu',
      navThreads: 'Questions',
      navInitiatives: 'Initiatives',
      navCanned: 'Canned responses',
      navWorkgroups: 'Workgroups',
      navReports: 'Reports',
      signedInAs: 'Signed in as {name}',
      signOut: 'Sign out',
      otherLanguage: 'Nederlands',
      otherLanguageCode: 'nl',
      switchedLanguage: 'The page is now in English.',
      loading: 'Loading…',

      loginTitle: 'Sign in',
      loginIntro: 'This page is for officers of the municipality.',
      loginName: 'Login name',
      password: 'Password',
      loginButton: 'Sign in',
      loginWrong: 'The login name or password is not right. Please try again.',
      loginTooMany: 'Too many wrong passwords. Wait a moment and try again.',
      loginMissing: 'Fill in your login name and password.',
      signedOut: 'You are signed out.',
      sessionEnded: 'Your session has ended. Please sign in again.',

      threadsTitle: 'Questions from residents',
      filters: 'Filters',
      filterStatus: 'Status',
      filterChannel: 'Channel',
      filterWho: 'Who handles it',
      filterOverdue: 'Only overdue questions',
      filterSearch: 'Search questions',
      all: 'All',
      everyone: 'Everyone',
      mine: 'My questions',
      unassigned: 'Nobody yet',
      threadCount: '{n} questions',
      threadCountOne: '1 question',
      noThreads: 'No questions match.',
      nextThreads: 'Next questions',
      newestThreads: 'Back to the newest questions',
      unread: 'New',
      overdue: 'Overdue',
      assignedTo: 'Handled by {name}',
      notAssigned: 'Not handled yet',
      newQuestion: 'There is a new question or message.',
      lastActivity: 'Last message: {when}',
      lastByResident: 'Last written by the resident',
      lastByOfficer: 'Last written by {name}',
      noQuestionText: '(no question yet)',

      statusOpen: 'Open',
      statusPending: 'Waiting for resident',
      statusResolved: 'Resolved',

      backToThreads: 'Back to the questions',
      threadTitle: 'Question from {name}',
      channel: 'Channel',
      status: 'Status',
      assignee: 'Handled by',
      started: 'Started',
      language: 'Language',
      unreachable: 'Unreachable',
      answerEmail: 'Answer also by mail to',
      unreachableLine: '{channel} since {since}: {reason}',
      languages: 'nl=Dutch,en=English',
      firstResponse: 'First answer',
      dueIn: '{time} left',
      dueLate: '{time} late',
      answeredAt: 'given on {when}',
      notNeeded: 'no longer needed',
      otherQuestions: 'Other questions from this resident',
      noOtherQuestions: 'This resident has no other questions.',
      plansOf: 'Plans by this resident',
      noPlansOf: 'This resident has not submitted any plans.',
      questionLine: '{text} ({status}, {when})',
      nobody: 'Nobody',
      claim: 'I will handle this question',
      unclaim: 'Give the question back',
      resolve: 'Resolve',
      reopen: 'Reopen',
      claimed: 'You now handle this question.',
      unclaimed: 'The question was given back.',
      resolved: 'The question is resolved.',
      reopened: 'The question is open again.',
      assignTo: 'Give the question to',
      assignButton: 'Give the question',
      assigned: 'The question was given to {name}.',
      conversation: 'Conversation',
      fromResident: 'Resident {name}',
      fromOfficer: 'Officer {name}',
      noteBy: 'Note by {name}',
      noteByUnknown: 'Note',
      noMessages: 'No messages yet.',
      replyTitle: 'Answer to the resident',
      replyLabel: 'Your answer',
      replyHint: 'The resident gets this answer through {channel}.',
      replyButton: 'Send answer',
      replySent: 'Your answer was sent.',
      replyEmpty: 'Write an answer first.',
      cannedPick: 'Insert a canned response',
      cannedNone: 'Choose a canned response',
      cannedInserted: 'The canned response is in your answer.',
      noteTitle: 'Note',
      noteLabel: 'Note (only officers see this)',
      noteButton: 'Save note',
      noteSaved: 'The note was saved.',
      noteEmpty: 'Write a note first.',
      updated: 'There is a new message in this conversation.',
      attachments: 'Photos and files',
      attachmentPhoto: 'Photo',
      attachmentDocument: 'File',
      attachmentLine: '{kind}: {name} (through {channel})',
      attachmentNoName: 'no name',
      attachmentOpen: '{kind}: {name} ({size})',
      attachmentElsewhere: '{kind}: {name} (kept in {channel}, not by the municipality)',
      attachmentTooLarge: '{kind}: {name} (not kept: the file is too large)',
      attachmentTooMuch: '{kind}: {name} (not kept: all files of this message together are too large)',
      attachmentGone: '{kind}: {name} (no longer kept)',

      initiativesTitle: 'Initiatives from residents',
      theme: 'Theme',
      neighbourhood: 'Neighbourhood',
      ref: 'Reference',
      title: 'Name',
      supports: 'Support',
      followers: 'Followers',
      updatedAt: 'Updated',
      noInitiatives: 'No initiatives match.',
      initiativeCount: '{n} initiatives',
      initiativeCountOne: '1 initiative',
      backToInitiatives: 'Back to the initiatives',
      description: 'Description',
      help: 'Help asked from the municipality',
      helpNone: 'None',
      amount: 'Amount',
      submittedAt: 'Submitted',
      history: 'History',
      historyEmpty: 'No changes yet.',
      historyLine: '{from} → {to}, by {actor}',
      historyFirst: '{to}, by {actor}',
      bySubmitter: 'the submitter',
      submitter: 'Submitted by',
      submitterForgotten: 'No longer known: the submitter had their data erased.',
      submitterNoName: 'resident without a name',
      submitterLine: '{name}, through {channels}',
      submitterThreads: 'Questions of the submitter in the inbox',
      noSubmitterThreads: 'The submitter has no questions in the inbox.',
      questionsAndAnswers: 'Questions and answers',
      noQuestionsAndAnswers: 'The municipality has not asked anything about this initiative yet.',
      questionBy: 'Question from the municipality, by {name}',
      answerBySubmitter: 'Answer from the submitter',
      changeStatus: 'Change the status',
      newStatus: 'New status',
      chooseStatus: 'Choose a status',
      statusMissing: 'Choose a new status first.',
      answer: 'Answer to the resident',
      answerHint: 'Required for "not accepted" and "more information needed". The submitters and followers get this message.',
      answerEn: 'The same answer in English (may be empty)',
      answerEnHint: 'Residents who read English get this answer. Left empty, they get the Dutch answer.',
      answerRequired: 'Write an answer. With this status the resident must know why.',
      save: 'Save',
      confirmNotify: 'After this change {who} get a message. Do you want to change the status?',
      confirmYes: 'Yes, change the status',
      confirmNo: 'No, not yet',
      whoSubmitter: 'the submitter',
      whoFollowersOne: '1 follower',
      whoFollowers: '{n} followers',
      whoChatsOne: '1 workgroup chat',
      whoChats: '{n} workgroup chats',
      and: 'and',
      statusChanged: 'The status was changed.',
      finalStatus: 'This status is final. It cannot be changed any more.',
      conflict: 'This step is not possible from the current status. Someone may just have changed the initiative. Reload the page.',
      allowedNow: 'Possible now: {list}.',
      badRequest: 'The data is not right: {detail}',
      notFound: 'This does not exist (any more).',
      forbidden: 'Only an administrator may do this.',
      network: 'There is no connection to the server. Try again in a moment.',
      failed: 'That did not work ({code}). Please try again.',

      cannedTitle: 'Canned responses',
      cannedIntro: 'Texts you use often. {{naam}} becomes the resident\'s name.',
      cannedEmpty: 'There are no canned responses yet.',
      cannedNew: 'New canned response',
      cannedTitleLabel: 'Title',
      cannedTextLabel: 'Text',
      cannedAdd: 'Add',
      cannedEdit: 'Edit',
      cannedEditOf: 'Edit "{title}"',
      cannedDelete: 'Delete',
      cannedSave: 'Save changes',
      cannedCancel: 'Cancel',
      cannedAdded: 'The canned response was added.',
      cannedSaved: 'The canned response was changed.',
      cannedDeleted: 'The canned response was deleted.',
      cannedIncomplete: 'Fill in a title and a text.',

      workgroupsTitle: 'Workgroups',
      workgroupsEmpty: 'There are no workgroups yet.',
      members: 'Members',
      chats: 'Linked group chats',
      noChats: 'No group chat linked yet.',
      linkCode: 'Make a link code',
      linkCodeFor: ' for {name}',
      linkCodeMade: 'Link code: {code}. Send this code in the group chat. The code works until {when}.',
      broadcastLabel: 'Message to all members of {name}',
      broadcastButton: 'Send to all members',
      broadcastSent: 'The message goes to {n} chats: the groups and the members.',
      broadcastEmpty: 'Write a message first.',
      newWorkgroup: 'New workgroup',
      workgroupName: 'Name',
      workgroupDescription: 'What does the group work on? (may be empty)',
      createWorkgroup: 'Create the workgroup',
      workgroupCreated: 'The workgroup {name} was created.',
      workgroupIncomplete: 'Fill in a name and choose a theme.',
      unlinkChat: 'Unlink',
      unlinkChatFor: ' {chat} from {name}',
      chatUnlinked: 'The chat was unlinked. That group gets no more messages.',

      reportsTitle: 'Reports',
      reportsInitiatives: 'Initiatives',
      reportsTotal: 'Total',
      reportsByStatus: 'Initiatives by status',
      reportsByTheme: 'Initiatives by theme',
      reportsByNeighbourhood: 'Initiatives by neighbourhood',
      reportsQuestions: 'Questions',
      reportsByChannel: 'Questions by channel',
      reportsSupports: 'Supports',
      reportsFirstResponse: 'Time to first answer (median)',
      reportsResolution: 'Time to resolution (median)',
      reportsUnknown: 'Not known yet',
      reportsCsv: 'Download all initiatives (CSV)',
      reportsNone: 'No data yet.',
      reportsPeriod: 'Period',
      reportsFrom: 'From (may be empty)',
      reportsTo: 'Up to and including (may be empty)',
      reportsShow: 'Show the figures',
      reportsRangeWrong: 'The first date must come before the second.',
      reportsShown: 'The figures are updated.',
      minutes: '{n} minutes',
      hours: '{n} hours',
      days: '{n} days',
    },
  };

  // The help residents ask for, in the words the bot uses (flows/README.md). The states of a plan and
  // the channels' names come from the server (GET municipality), in the words of the message files.
  const ANSWER_REQUIRED = ['rejected', 'needs_info'];
  const HELP = {
    money: { nl: 'geld', en: 'money' },
    permission: { nl: 'toestemming', en: 'permission' },
    space: { nl: 'ruimte', en: 'space' },
    advice: { nl: 'advies', en: 'advice' },
  };
  const THREAD_STATUSES = ['open', 'pending', 'resolved'];
  const POLL_MS = 4000;
  const LANG_KEY = 'buurtbot.lang';
  const SEEN_KEY = 'buurtbot.seen.';

  // --- state ---------------------------------------------------------------------------------------

  const state = {
    lang: readLanguage(),
    officer: null, // {login, name, role} once signed in
    csrf: '',
    features: { canned: false, workgroups: false, reports: false },
    threadFilter: { status: '', channel: '', assignee: '', overdue: false, q: '', after: '' },
    initiativeFilter: { status: '', theme: '', neighbourhood: '' },
    municipality: null, // {name, logo} once signed in
    themes: [], // [{key, nl, en}] as the municipality configured them
    neighbourhoods: [],
    statuses: [], // [{key, nl, en}]: the states of a plan, in the order of its life
    channels: [], // [{key, nl, en}]: the channels as residents know them
    reportRange: { from: '', to: '' },
    view: null, // {name, params}
    viewToken: 0, // bumped on every view change; stale answers are dropped
    poll: null, // the current view's refresh, called every POLL_MS while the tab is visible
    polling: false,
    drafts: {}, // unsent answers and notes by thread, kept in memory while the page is open
  };

  function readLanguage() {
    try {
      const saved = localStorage.getItem(LANG_KEY);
      return saved === 'en' ? 'en' : 'nl';
    } catch (_) {
      return 'nl';
    }
  }

  function t(key, vars) {
    let text = STRINGS[state.lang][key];
    if (text === undefined) text = STRINGS.nl[key] || key;
    if (vars) for (const [name, value] of Object.entries(vars)) text = text.split('{' + name + '}').join(String(value));
    return text;
  }

  // The same sentence as nodes for the page, each filled-in value in a <bdi>: a name or title that holds
  // a right-to-left override then cannot turn the words after it around.
  function tb(key, vars) {
    const parts = t(key).split(/(\{\w+\})/).filter((part) => part !== '');
    return parts.map((part) => {
      const name = part.slice(1, -1);
      return part.startsWith('{') && name in vars ? h('bdi', null, String(vars[name])) : part;
    });
  }

  // "Bewoner Anna", or only "Bewoner" when the name is not known.
  const byName = (key, name) => (name ? tb(key, { name }) : t(key, { name: '' }).trim());

  const word = (table, key) => (table[key] ? table[key][state.lang] : key);
  const threadStatus = (s) => t({ open: 'statusOpen', pending: 'statusPending', resolved: 'statusResolved' }[s] || s);
  const labelIn = (list, key) => {
    const item = list.find((x) => x.key === key);
    return item ? item[state.lang] || key : key;
  };
  const initiativeStatus = (s) => labelIn(state.statuses, s);
  const channelName = (c) => labelIn(state.channels, c);
  const themeName = (key) => labelIn(state.themes, key);
  const neighbourhoodName = (key) => labelIn(state.neighbourhoods, key);

  // --- the DOM, built from text only ---------------------------------------------------------------

  // Creates an element; string children become text nodes. Never interprets markup.
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    setAttributes(el, attrs);
    append(el, children);
    return el;
  }

  function svg(tag, attrs, ...children) {
    const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
    setAttributes(el, attrs);
    append(el, children);
    return el;
  }

  function setAttributes(el, attrs) {
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
      else if (key === 'value') el.value = value;
      else if (key === 'checked') el.checked = Boolean(value);
      else el.setAttribute(key, value === true ? '' : String(value));
    }
  }

  function append(el, children) {
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }

  // Replaces the children of `el`; a missing child (null, undefined, false) is left out. The DOM's own
  // replaceChildren would show it as the text "null".
  function fill(el, ...children) {
    el.replaceChildren();
    append(el, children);
    return el;
  }

  const $ = (id) => document.getElementById(id);
  const main = () => $('main');

  let uid = 0;
  const nextId = (prefix) => `${prefix}-${++uid}`;

  // A labelled field: the label's for= points at the control.
  function field(label, control, hint) {
    const id = control.id || nextId('field');
    control.id = id;
    let hintEl = null;
    if (hint) {
      hintEl = h('p', { class: 'hint', id: id + '-hint' }, hint);
      control.setAttribute('aria-describedby', hintEl.id);
    }
    return h('div', { class: 'field' }, h('label', { for: id }, label), hintEl, control);
  }

  function select(options, value, attrs) {
    const el = h('select', attrs, options.map(([v, label]) => h('option', { value: v }, label)));
    el.value = value;
    return el;
  }

  // Words that screen readers read and eyes skip, to tell apart buttons that look alike.
  function hiddenText(text) {
    return h('span', { class: 'visually-hidden' }, text);
  }

  function formError() {
    return h('div', { class: 'form-error', role: 'alert' });
  }

  function showFormError(box, message) {
    box.textContent = message;
  }

  // Status messages (a text, or the nodes of tb) go to the live region, so screen readers hear them
  // without moving focus.
  let statusTimer = null;
  function announce(message) {
    const box = $('status');
    box.textContent = '';
    clearTimeout(statusTimer);
    // A short pause makes a repeated message be announced again.
    setTimeout(() => {
      box.replaceChildren(...[message].flat());
      statusTimer = setTimeout(() => { box.textContent = ''; }, 8000);
    }, 50);
  }

  function alertMessage(message) {
    $('alert').textContent = message;
  }

  function focusHeading() {
    const heading = main().querySelector('h1');
    if (heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus();
    }
  }

  function formatTime(iso) {
    if (!iso) return '';
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return iso;
    return new Intl.DateTimeFormat(state.lang === 'en' ? 'en-GB' : 'nl-NL', {
      day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit',
    }).format(date);
  }

  function timeEl(iso) {
    return h('time', { datetime: iso || '' }, formatTime(iso));
  }

  function formatDuration(seconds) {
    if (seconds === null || seconds === undefined) return t('reportsUnknown');
    const number = (n) => n.toLocaleString(state.lang === 'en' ? 'en-GB' : 'nl-NL', { maximumFractionDigits: 1 });
    if (seconds < 3600) return t('minutes', { n: number(Math.max(1, Math.round(seconds / 60))) });
    if (seconds < 172800) return t('hours', { n: number(seconds / 3600) });
    return t('days', { n: number(seconds / 86400) });
  }

  // A time left or past in whole units: "40 minuten", "5 uur", "3 dagen".
  function formatSpan(seconds) {
    if (seconds < 3600) return t('minutes', { n: Math.max(1, Math.round(seconds / 60)) });
    if (seconds < 172800) return t('hours', { n: Math.round(seconds / 3600) });
    return t('days', { n: Math.round(seconds / 86400) });
  }

  function formatMoney(cents) {
    return new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR' }).format(cents / 100);
  }

  // --- the API -------------------------------------------------------------------------------------

  class ApiError extends Error {
    constructor(status, detail, allowed) {
      super(detail || String(status));
      this.status = status;
      this.detail = detail || '';
      this.allowed = allowed; // for a refused status change: the statuses that may follow
    }
  }

  async function api(method, path, body) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && state.csrf) headers['X-CSRF-Token'] = state.csrf;
    let response;
    try {
      response = await fetch('/api/v1/' + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'same-origin',
        cache: 'no-store',
      });
    } catch (_) {
      throw new ApiError(0, 'network');
    }
    let data = null;
    if (response.status !== 204) {
      try {
        data = await response.json();
      } catch (_) {
        data = null;
      }
    }
    if (!response.ok) {
      const error = new ApiError(response.status, data && typeof data.error === 'string' ? data.error : '',
        data && Array.isArray(data.allowed) ? data.allowed : undefined);
      if (response.status === 401 && state.officer && path !== 'session') sessionEnded();
      throw error;
    }
    if (Array.isArray(data)) data.next = nextCursor(response.headers.get('Link'));
    return data;
  }

  // What an API failure means to the officer, in the page's language.
  function describeError(error) {
    if (!(error instanceof ApiError)) return t('failed', { code: error && error.message ? error.message : '?' });
    switch (error.status) {
      case 0: return t('network');
      case 400: return t('badRequest', { detail: error.detail });
      case 401: return t('sessionEnded');
      case 403: return error.detail.includes('CSRF') ? t('sessionEnded') : t('forbidden');
      case 404: return t('notFound');
      case 409: return t('conflict') + (error.detail ? ` (${error.detail})` : '');
      default: return t('failed', { code: error.status });
    }
  }

  // The cursor of the next page that a list's Link header names (rel="next"), or '' after the last page.
  function nextCursor(link) {
    const match = /<([^>]*)>;\s*rel="next"/.exec(link || '');
    return match ? new URL(match[1], location.origin).searchParams.get('after') || '' : '';
  }

  const query = (params) => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (value) search.set(key, value === true ? 'true' : value);
    const text = search.toString();
    return text ? '?' + text : '';
  };

  // --- unread markers: what this officer last saw of each thread, in this browser -------------------

  function seenMap() {
    try {
      return JSON.parse(localStorage.getItem(SEEN_KEY + state.officer.login) || '{}') || {};
    } catch (_) {
      return {};
    }
  }

  const MAX_SEEN = 2000;

  function markSeen(thread) {
    let seen = seenMap();
    seen[thread.id] = thread.last_activity_at;
    const ids = Object.keys(seen);
    if (ids.length > MAX_SEEN) {
      // Forgets the threads read longest ago; they then show as new once more.
      ids.sort((a, b) => (seen[a] < seen[b] ? -1 : 1));
      for (const id of ids.slice(0, ids.length - MAX_SEEN)) delete seen[id];
    }
    try {
      localStorage.setItem(SEEN_KEY + state.officer.login, JSON.stringify(seen));
    } catch (_) {
      // A full or blocked storage only costs the markers.
    }
  }

  function isUnread(thread, seen) {
    const last = seen[thread.id];
    return !last || thread.last_activity_at > last;
  }

  // --- the frame: header, menu, language ----------------------------------------------------------

  const NAV = [
    { view: 'threads', hash: '#/threads', label: 'navThreads' },
    { view: 'initiatives', hash: '#/initiatives', label: 'navInitiatives' },
    { view: 'canned', hash: '#/canned', label: 'navCanned', feature: 'canned' },
    { view: 'workgroups', hash: '#/workgroups', label: 'navWorkgroups', feature: 'workgroups' },
    { view: 'reports', hash: '#/reports', label: 'navReports', feature: 'reports' },
  ];

  function renderFrame() {
    document.documentElement.lang = state.lang;
    document.title = t('pageTitle');
    $('skip-link').textContent = t('skip');
    drawBrand($('brand'));
    const nav = $('nav');
    nav.replaceChildren();
    nav.setAttribute('aria-label', t('menu'));
    nav.hidden = !state.officer;
    if (state.officer) {
      const current = state.view ? state.view.name.replace(/-detail$/, '') : '';
      nav.append(h('ul', null, NAV.filter((item) => !item.feature || state.features[item.feature]).map((item) =>
        h('li', null, h('a', { href: item.hash, 'aria-current': item.view === current ? 'page' : null }, t(item.label))))));
    }
    const account = $('account');
    account.replaceChildren();
    if (state.officer) account.append(h('span', { class: 'who' }, tb('signedInAs', { name: state.officer.name || state.officer.login })));
    account.append(h('button', {
      type: 'button', class: 'secondary', id: 'language', lang: t('otherLanguageCode'), onclick: switchLanguage,
    }, t('otherLanguage')));
    if (state.officer) account.append(h('button', { type: 'button', class: 'secondary', id: 'sign-out', onclick: signOut }, t('signOut')));
  }

  // The municipality's name and logo once signed in (the API tells them to officers only). The logo
  // stands next to the name, so it is decorative: an empty alt keeps screen readers from saying it twice.
  function drawBrand(brand) {
    const m = state.officer && state.municipality;
    if (!m) return fill(brand, t('brand'));
    return fill(brand, m.logo ? h('img', { class: 'logo', src: m.logo, alt: '', height: '40' }) : null,
      h('span', null, t('brandOf', { name: m.name })));
  }

  function switchLanguage() {
    state.lang = state.lang === 'nl' ? 'en' : 'nl';
    try {
      localStorage.setItem(LANG_KEY, state.lang);
    } catch (_) {
      // The choice then lasts until the page reloads.
    }
    renderFrame();
    show(false).then(() => {
      $('language').focus();
      announce(t('switchedLanguage'));
    });
  }

  // --- signing in and out --------------------------------------------------------------------------

  async function detectFeatures() {
    const probes = { canned: 'canned', workgroups: 'workgroups', reports: 'reports/summary' };
    await Promise.all(Object.entries(probes).map(async ([feature, path]) => {
      try {
        await api('GET', path);
        state.features[feature] = true;
      } catch (error) {
        state.features[feature] = false;
      }
    }));
  }

  async function signedIn(session) {
    state.officer = session.officer;
    state.csrf = session.csrf_token || '';
    await Promise.all([detectFeatures(), loadMunicipality()]);
    renderFrame();
  }

  // The labels of themes and neighbourhoods; without them the page shows the keys.
  async function loadMunicipality() {
    try {
      const municipality = await api('GET', 'municipality');
      state.municipality = { name: municipality.name || '', logo: municipality.logo || null };
      state.themes = municipality.themes || [];
      state.neighbourhoods = municipality.neighbourhoods || [];
      state.statuses = municipality.statuses || [];
      state.channels = municipality.channels || [];
    } catch (_) {
      state.municipality = null;
      state.themes = [];
      state.neighbourhoods = [];
      state.statuses = [];
      state.channels = [];
    }
  }

  function sessionEnded() {
    state.officer = null;
    state.csrf = '';
    renderFrame();
    renderLogin(t('sessionEnded'));
  }

  async function signOut() {
    try {
      await api('DELETE', 'session');
    } catch (_) {
      // Signed out either way: the page forgets the session.
    }
    state.officer = null;
    state.csrf = '';
    state.poll = null;
    state.drafts = {};
    renderFrame();
    renderLogin();
    announce(t('signedOut'));
  }

  function renderLogin(message) {
    state.view = { name: 'login', params: [] };
    state.poll = null;
    ++state.viewToken;
    const error = formError();
    const login = h('input', { type: 'text', name: 'login', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false' });
    const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true });
    const button = h('button', { type: 'submit' }, t('loginButton'));
    const form = h('form', { class: 'login', novalidate: true, 'aria-labelledby': 'login-title' },
      error, field(t('loginName'), login), field(t('password'), password), button);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (!login.value.trim() || !password.value) {
        showFormError(error, t('loginMissing'));
        (login.value.trim() ? password : login).focus();
        return;
      }
      button.disabled = true;
      try {
        const session = await api('POST', 'session', { login: login.value.trim(), password: password.value });
        password.value = '';
        await signedIn(session);
        // A changed address shows its view through hashchange; an unchanged one is shown here.
        if (!location.hash.startsWith('#/')) location.hash = '#/threads';
        else await show(true);
      } catch (failure) {
        password.value = '';
        const text = failure.status === 401 ? t('loginWrong') : failure.status === 429 ? t('loginTooMany') : describeError(failure);
        showFormError(error, text);
        password.focus();
      } finally {
        button.disabled = false;
      }
    });
    fill(main(),
      h('h1', { id: 'login-title' }, t('loginTitle')),
      h('p', null, t('loginIntro')),
      message ? h('p', { class: 'notice' }, message) : null,
      form);
    login.focus();
  }

  // --- routing -------------------------------------------------------------------------------------

  function parseHash() {
    const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
    switch (parts[0]) {
      case 'threads': return parts[1] ? { name: 'thread-detail', params: [parts[1]] } : { name: 'threads', params: [] };
      case 'initiatives': return parts[1] ? { name: 'initiative-detail', params: [parts[1]] } : { name: 'initiatives', params: [] };
      case 'canned': return { name: 'canned', params: [] };
      case 'workgroups': return { name: 'workgroups', params: [] };
      case 'reports': return { name: 'reports', params: [] };
      default: return { name: 'threads', params: [] };
    }
  }

  const VIEWS = {
    threads: renderThreads,
    'thread-detail': renderThread,
    initiatives: renderInitiatives,
    'initiative-detail': renderInitiative,
    canned: renderCanned,
    workgroups: renderWorkgroups,
    reports: renderReports,
  };

  // Shows the view the address names; `moveFocus` puts focus on its heading, as a new page would.
  async function show(moveFocus) {
    alertMessage('');
    if (!state.officer) return renderLogin();
    state.view = parseHash();
    state.poll = null;
    const token = ++state.viewToken;
    renderFrame();
    fill(main(), h('p', { class: 'loading' }, t('loading')));
    try {
      await VIEWS[state.view.name](token, ...state.view.params);
    } catch (error) {
      if (token !== state.viewToken || !state.officer) return;
      fill(main(), h('h1', null, t('notFound')), h('p', { class: 'form-error' }, describeError(error)));
    }
    if (moveFocus && token === state.viewToken) focusHeading();
  }

  window.addEventListener('hashchange', () => {
    // The skip link's #main is not a view.
    if (!location.hash.startsWith('#/')) return;
    show(true);
  });

  // --- polling -------------------------------------------------------------------------------------

  async function tick() {
    if (document.hidden || !state.poll || state.polling || !state.officer) return;
    state.polling = true;
    try {
      await state.poll();
    } catch (_) {
      // The next tick tries again; a lost session has already sent the officer to the login.
    } finally {
      state.polling = false;
    }
  }

  setInterval(tick, POLL_MS);
  document.addEventListener('visibilitychange', () => { if (!document.hidden) tick(); });

  // --- the thread list -----------------------------------------------------------------------------

  async function renderThreads(token) {
    const f = state.threadFilter;
    const status = select([['', t('all')], ...THREAD_STATUSES.map((s) => [s, threadStatus(s)])], f.status, { name: 'status' });
    const channel = select([['', t('all')], ...state.channels.map((c) => [c.key, channelName(c.key)])], f.channel, { name: 'channel' });
    const who = select([['', t('everyone')], ['me', t('mine')], ['none', t('unassigned')]], f.assignee, { name: 'assignee' });
    const overdue = h('input', { type: 'checkbox', name: 'overdue', checked: f.overdue });
    const search = h('input', { type: 'search', name: 'q', value: f.q, autocomplete: 'off' });
    const overdueId = nextId('overdue');
    overdue.id = overdueId;
    const form = h('form', { class: 'filters', role: 'search', 'aria-label': t('filters') },
      field(t('filterStatus'), status), field(t('filterChannel'), channel), field(t('filterWho'), who),
      field(t('filterSearch'), search),
      h('div', { class: 'field checkbox' }, overdue, h('label', { for: overdueId }, t('filterOverdue'))));
    const count = h('p', { class: 'count', id: 'thread-count' });
    const list = h('ul', { class: 'thread-list', id: 'thread-list', 'aria-labelledby': 'threads-title' });
    const pager = h('p', { class: 'pager' });
    fill(main(), h('h1', { id: 'threads-title' }, t('threadsTitle')), form, count, list, pager);

    let known = null; // the ids and activity of the last answer, to notice news
    let shown = '';
    let asked = 0; // only the latest request may draw: an older one may answer for an older filter
    const refresh = async () => {
      const mine = ++asked;
      const threads = await api('GET', 'threads' + query(state.threadFilter));
      if (token !== state.viewToken || mine !== asked) return;
      const seen = seenMap();
      const signature = JSON.stringify(threads.map((th) => [th, isUnread(th, seen)]));
      if (known) {
        const news = threads.some((th) => !known.has(`${th.id}@${th.last_activity_at}`) && isUnread(th, seen));
        if (news) announce(t('newQuestion'));
      }
      known = new Set(threads.map((th) => `${th.id}@${th.last_activity_at}`));
      drawPager(threads.next);
      if (signature === shown) return;
      shown = signature;
      drawThreadList(list, count, threads, seen);
    };
    // A page of the list starts after the last thread of the one before (the API's cursor), so paging on
    // while questions come in neither repeats nor skips one.
    const showPage = (after) => {
      state.threadFilter = { ...state.threadFilter, after };
      known = null;
      refresh().then(() => list.querySelector('a')?.focus()).catch((error) => alertMessage(describeError(error)));
    };
    let pagerShown = null;
    const drawPager = (next) => {
      const drawn = `${state.threadFilter.after}|${next}`;
      if (drawn === pagerShown) return; // redrawn, a focused button would lose the focus at every poll
      pagerShown = drawn;
      pager.replaceChildren(
        state.threadFilter.after ? h('button', { type: 'button', onclick: () => showPage('') }, t('newestThreads')) : null,
        next ? h('button', { type: 'button', onclick: () => showPage(next) }, t('nextThreads')) : null);
    };
    const filterChanged = () => {
      state.threadFilter = {
        status: status.value, channel: channel.value, assignee: who.value, overdue: overdue.checked, q: search.value.trim(),
        after: '',
      };
      known = null;
      refresh().catch((error) => alertMessage(describeError(error)));
    };
    form.addEventListener('submit', (event) => { event.preventDefault(); filterChanged(); });
    for (const control of [status, channel, who, overdue]) control.addEventListener('change', filterChanged);
    let typing = null;
    search.addEventListener('input', () => { clearTimeout(typing); typing = setTimeout(filterChanged, 300); });
    await refresh();
    if (token === state.viewToken) state.poll = refresh;
  }

  // Replaces the list's items; focus on a thread's link stays on that thread's link.
  function drawThreadList(list, count, threads, seen) {
    const focusedId = list.contains(document.activeElement) ? document.activeElement.dataset.thread : null;
    count.textContent = threads.length === 1 ? t('threadCountOne') : t('threadCount', { n: threads.length });
    if (threads.length === 0) {
      list.replaceChildren(h('li', { class: 'empty' }, t('noThreads')));
      return;
    }
    list.replaceChildren(...threads.map((th) => {
      const unread = isUnread(th, seen);
      return h('li', { class: 'thread' + (unread ? ' unread' : '') },
        h('a', { href: `#/threads/${th.id}`, 'data-thread': String(th.id) },
          h('bdi', { class: 'name' }, th.resident || '?'),
          unread ? h('span', { class: 'badge new' }, t('unread')) : null,
          th.overdue ? h('span', { class: 'badge late' }, t('overdue')) : null),
        h('p', { class: 'preview', dir: 'auto' }, th.first_question || t('noQuestionText')),
        h('p', { class: 'meta' },
          h('span', null, channelName(th.channel)),
          h('span', null, threadStatus(th.status)),
          h('span', null, th.assignee ? tb('assignedTo', { name: officerName(th) }) : t('notAssigned')),
          h('span', { class: 'last-by' }, lastBy(th.last_from)),
          h('span', null, t('lastActivity', { when: formatTime(th.last_activity_at) }))));
    }));
    if (focusedId) {
      const link = list.querySelector(`a[data-thread="${CSS.escape(focusedId)}"]`);
      if (link) link.focus();
    }
  }

  // The officer a thread is assigned to, by name.
  const officerName = (thread) => thread.assignee_name || thread.assignee || '';

  // "Laatst geschreven door Anouk de Vries", or by the resident.
  function lastBy(from) {
    if (!from) return null;
    return from.kind === 'officer' ? tb('lastByOfficer', { name: from.name || '?' }) : t('lastByResident');
  }

  // "nog 5 uur" before the first-response deadline, "3 uur te laat" after it; the server decides both.
  function deadline(thread) {
    if (thread.first_response_at) return t('answeredAt', { when: formatTime(thread.first_response_at) });
    if (thread.status === 'resolved') return t('notNeeded');
    const due = new Date(thread.first_response_due).getTime();
    if (Number.isNaN(due)) return '';
    const seconds = Math.abs(due - Date.now()) / 1000;
    return thread.overdue ? t('dueLate', { time: formatSpan(seconds) }) : t('dueIn', { time: formatSpan(seconds) });
  }

  // --- one thread ----------------------------------------------------------------------------------

  async function renderThread(token, id) {
    let thread = await api('GET', `threads/${encodeURIComponent(id)}`);
    if (token !== state.viewToken) return;
    markSeen(thread);

    const title = h('h1', null, tb('threadTitle', { name: thread.resident || '?' }));
    const meta = h('dl', { class: 'meta-list' });
    const actions = h('div', { class: 'actions' });
    const conversation = h('ol', { class: 'conversation', 'aria-labelledby': 'conversation-title' });
    const about = h('div', { class: 'about-resident' });
    const replyForm = buildReplyForm(thread, () => refresh(true));
    const noteForm = buildNoteForm(thread, () => refresh(true));

    // Redraws what the server may have changed; the forms below stay as they are, with their text.
    const draw = () => {
      const focused = document.activeElement && document.activeElement.id;
      title.replaceChildren(...tb('threadTitle', { name: thread.resident || '?' }));
      drawThreadMeta(meta, thread);
      drawThreadActions(actions, thread, (changed) => { thread = Object.assign(thread, changed); draw(); });
      drawConversation(conversation, thread);
      drawAboutResident(about, thread);
      if (focused && document.activeElement === document.body && $(focused)) $(focused).focus();
    };
    let shown = JSON.stringify(thread);
    const refresh = async (own) => {
      const fresh = await api('GET', `threads/${encodeURIComponent(id)}`);
      if (token !== state.viewToken) return;
      const signature = JSON.stringify(fresh);
      if (signature === shown) return;
      const newIncoming = fresh.messages.length > thread.messages.length &&
        fresh.messages.slice(thread.messages.length).some((m) => m.direction === 'in');
      shown = signature;
      thread = fresh;
      markSeen(thread);
      draw();
      if (!own && newIncoming) announce(t('updated'));
    };

    fill(main(),
      h('p', { class: 'back' }, h('a', { href: '#/threads' }, t('backToThreads'))),
      title, meta, actions,
      h('h2', { id: 'conversation-title' }, t('conversation')), conversation,
      replyForm, noteForm, about);
    draw();
    if (token === state.viewToken) state.poll = () => refresh(false);
  }

  function drawThreadMeta(meta, thread) {
    const row = (label, value) => [h('dt', null, label), h('dd', null, value)];
    fill(meta,
      ...row(t('channel'), channelName(thread.channel)),
      ...row(t('language'), languageName(thread.language)),
      ...unreachableRow(row, thread.unreachable),
      ...(thread.answer_email ? row(t('answerEmail'), h('bdi', null, thread.answer_email)) : []),
      ...row(t('status'), threadStatus(thread.status)),
      ...row(t('assignee'), thread.assignee ? h('bdi', null, officerName(thread)) : t('nobody')),
      ...row(t('started'), timeEl(thread.created_at)),
      ...row(t('firstResponse'), h('span', { class: 'deadline' + (thread.overdue ? ' late' : '') }, deadline(thread))));
  }

  // "E-mail sinds 2026-12-07T10:55:05Z: 5.1.1: User unknown": where nothing reaches the resident any
  // more (a bounce, a blocked bot) and why; nothing when every channel still works.
  function unreachableRow(row, unreachable) {
    if (!unreachable || !unreachable.length) return [];
    const lines = unreachable.map((u) =>
      h('span', { class: 'unreachable' }, ...tb('unreachableLine', { channel: channelName(u.channel), since: u.since, reason: u.reason || '?' })));
    return row(t('unreachable'), h('span', null, ...lines.flatMap((line, i) => (i ? [h('br'), line] : [line]))));
  }

  // "Nederlands", "Engels": the language the resident chose, in the page's language.
  function languageName(code) {
    const names = Object.fromEntries(t('languages').split(',').map((pair) => pair.split('=')));
    return names[code] || code || '?';
  }

  // The resident's other questions and the plans they submitted, each a link to open it.
  function drawAboutResident(about, thread) {
    const others = thread.other_threads || [];
    const plans = thread.initiatives || [];
    fill(about,
      h('h2', null, t('otherQuestions')),
      others.length === 0 ? h('p', null, t('noOtherQuestions')) : h('ul', { class: 'other-threads' }, others.map((o) =>
        h('li', null, h('a', { href: `#/threads/${o.id}` },
          tb('questionLine', { text: o.first_question || t('noQuestionText'), status: threadStatus(o.status), when: formatTime(o.created_at) }))))),
      h('h2', null, t('plansOf')),
      plans.length === 0 ? h('p', null, t('noPlansOf')) : h('ul', { class: 'plans-of' }, plans.map((p) =>
        h('li', null, h('a', { href: `#/initiatives/${encodeURIComponent(p.ref)}` }, p.ref), ' ',
          h('bdi', null, p.title), ` (${initiativeStatus(p.status)})`))));
  }

  function drawThreadActions(actions, thread, changed) {
    const me = state.officer.login;
    const patch = async (button, body, message) => {
      button.disabled = true;
      try {
        const summary = await api('PATCH', `threads/${thread.id}`, body);
        changed(summary);
        announce(message);
        const again = $(button.id);
        if (again) again.focus();
      } catch (error) {
        alertMessage(describeError(error));
        button.disabled = false;
      }
    };
    const buttons = [];
    if (thread.assignee !== me) {
      const claim = h('button', { type: 'button', id: 'claim' }, t('claim'));
      claim.addEventListener('click', () => patch(claim, { assignee: me }, t('claimed')));
      buttons.push(claim);
    } else {
      const unclaim = h('button', { type: 'button', class: 'secondary', id: 'claim' }, t('unclaim'));
      unclaim.addEventListener('click', () => patch(unclaim, { assignee: null }, t('unclaimed')));
      buttons.push(unclaim);
    }
    if (thread.status !== 'resolved') {
      const resolve = h('button', { type: 'button', id: 'resolve' }, t('resolve'));
      resolve.addEventListener('click', () => patch(resolve, { status: 'resolved' }, t('resolved')));
      buttons.push(resolve);
    } else {
      const reopen = h('button', { type: 'button', id: 'resolve' }, t('reopen'));
      reopen.addEventListener('click', () => patch(reopen, { status: 'open' }, t('reopened')));
      buttons.push(reopen);
    }
    actions.replaceChildren(...buttons);
    if (state.officer.role === 'admin') actions.append(assignForm(thread, patch));
  }

  // Administrators may give a question to any active officer (the list of officers is theirs alone).
  function assignForm(thread, patch) {
    const choice = h('select', { name: 'assignee', id: 'assign-to' }, h('option', { value: '' }, t('nobody')));
    const button = h('button', { type: 'submit', class: 'secondary', id: 'assign' }, t('assignButton'));
    const form = h('form', { class: 'assign', novalidate: true }, field(t('assignTo'), choice), button);
    api('GET', 'officers').then((officers) => {
      for (const o of officers.filter((x) => !x.disabled)) choice.append(h('option', { value: o.login }, `${o.name} (${o.login})`));
      choice.value = thread.assignee || '';
    }).catch(() => { form.hidden = true; });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const login = choice.value;
      const name = login ? choice.selectedOptions[0].textContent : t('nobody');
      patch(button, { assignee: login || null }, tb('assigned', { name }));
    });
    return form;
  }

  // Messages and notes in the order they were written.
  function drawConversation(list, thread) {
    const items = [
      ...thread.messages.map((m) => ({ kind: 'message', at: m.created_at, order: 0, item: m })),
      ...thread.notes.map((n) => ({ kind: 'note', at: n.created_at, order: 1, item: n })),
    ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.order - b.order || a.item.id - b.item.id));
    if (items.length === 0) {
      list.replaceChildren(h('li', { class: 'empty' }, t('noMessages')));
      return;
    }
    list.replaceChildren(...items.map(({ kind, item }) => {
      let who;
      let cls;
      if (kind === 'note') {
        who = item.author ? tb('noteBy', { name: item.author_name || item.author }) : t('noteByUnknown');
        cls = 'note';
      } else if (item.direction === 'in') {
        who = byName('fromResident', thread.resident);
        cls = 'in';
      } else {
        who = byName('fromOfficer', item.author_name || String(item.author || '').replace(/^officer:/, ''));
        cls = 'out';
      }
      return h('li', { class: 'entry ' + cls },
        h('p', { class: 'who' }, h('strong', null, who), ' ', timeEl(item.created_at)),
        h('p', { class: 'text', dir: 'auto' }, item.text),
        attachmentList(item.attachments));
    }));
  }

  // Keeps what is typed in `textarea` under `key`, so a language switch or a visit elsewhere loses nothing.
  function keepDraft(textarea, key) {
    textarea.value = state.drafts[key] || '';
    const remember = () => {
      if (textarea.value) state.drafts[key] = textarea.value;
      else delete state.drafts[key];
    };
    textarea.addEventListener('input', remember);
    textarea.addEventListener('change', remember);
    return textarea;
  }

  // The photos and files sent with a message or plan: a link that opens the bytes buurtbot keeps (with a
  // small picture for a photo), else where the file is or why it was not kept.
  function attachmentList(attachments) {
    if (!Array.isArray(attachments) || attachments.length === 0) return null;
    return h('ul', { class: 'attachments', 'aria-label': t('attachments') }, attachments.map((a) => h('li', null, attachmentItem(a))));
  }

  function attachmentItem(a) {
    const vars = {
      kind: a.kind === 'photo' ? t('attachmentPhoto') : t('attachmentDocument'),
      name: a.name || t('attachmentNoName'),
      channel: channelName(a.channel),
      size: fileSize(a.size),
    };
    if (a.url) {
      // The server serves every file as a download, a picture inline; the link is built from the id only.
      const href = '/api/v1/attachments/' + encodeURIComponent(a.id);
      return h('a', { href, target: '_blank', rel: 'noopener', class: a.picture ? 'picture' : null },
        a.picture ? h('img', { src: href, alt: '', class: 'preview', loading: 'lazy' }) : null,
        tb('attachmentOpen', vars));
    }
    if (a.not_kept === 'file_too_large') return tb('attachmentTooLarge', vars);
    if (a.not_kept === 'message_too_large') return tb('attachmentTooMuch', vars);
    if (a.channel === 'telegram' || a.channel === 'matrix') return tb('attachmentElsewhere', vars);
    return a.channel === 'email' || a.channel === 'web' ? tb('attachmentGone', vars) : tb('attachmentLine', vars);
  }

  // "240 kB", "3,4 MB": a file's size as people read it.
  function fileSize(bytes) {
    const n = Number(bytes) || 0;
    if (n < 1000 * 1000) return Math.max(1, Math.round(n / 1000)).toLocaleString(state.lang) + ' kB';
    return (n / 1000 / 1000).toLocaleString(state.lang, { maximumFractionDigits: 1 }) + ' MB';
  }

  function buildReplyForm(thread, sent) {
    const error = formError();
    const text = keepDraft(h('textarea', { name: 'reply', rows: '5', id: 'reply-text' }), `reply-${thread.id}`);
    const button = h('button', { type: 'submit' }, t('replyButton'));
    const form = h('form', { class: 'reply', 'aria-labelledby': 'reply-title', novalidate: true },
      h('h2', { id: 'reply-title' }, t('replyTitle')), error);
    if (state.features.canned) form.append(cannedPicker(text));
    form.append(field(t('replyLabel'), text, t('replyHint', { channel: channelName(thread.channel) })), button);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      showFormError(error, '');
      if (!text.value.trim()) {
        showFormError(error, t('replyEmpty'));
        text.focus();
        return;
      }
      button.disabled = true;
      try {
        await api('POST', `threads/${thread.id}/replies`, { text: text.value });
        text.value = '';
        delete state.drafts[`reply-${thread.id}`];
        announce(t('replySent'));
        await sent();
      } catch (failure) {
        showFormError(error, describeError(failure));
      } finally {
        button.disabled = false;
      }
    });
    return form;
  }

  // A list of canned responses; picking one puts its text where the cursor is.
  function cannedPicker(textarea) {
    const picker = h('select', { name: 'canned', id: 'canned-pick' }, h('option', { value: '' }, t('cannedNone')));
    api('GET', 'canned').then((items) => {
      for (const item of items) picker.append(h('option', { value: String(item.id) }, item.title));
      picker._items = items;
    }).catch(() => {});
    picker.addEventListener('change', () => {
      const item = (picker._items || []).find((c) => String(c.id) === picker.value);
      if (!item) return;
      const start = textarea.selectionStart ?? textarea.value.length;
      const end = textarea.selectionEnd ?? textarea.value.length;
      textarea.value = textarea.value.slice(0, start) + item.text + textarea.value.slice(end);
      textarea.selectionStart = textarea.selectionEnd = start + item.text.length;
      textarea.dispatchEvent(new Event('input'));
      picker.value = '';
      announce(t('cannedInserted'));
    });
    return field(t('cannedPick'), picker);
  }

  function buildNoteForm(thread, saved) {
    const error = formError();
    const text = keepDraft(h('textarea', { name: 'note', rows: '3', id: 'note-text' }), `note-${thread.id}`);
    const button = h('button', { type: 'submit', class: 'secondary' }, t('noteButton'));
    const form = h('form', { class: 'note-form', 'aria-labelledby': 'note-title', novalidate: true },
      h('h2', { id: 'note-title' }, t('noteTitle')), error, field(t('noteLabel'), text), button);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      showFormError(error, '');
      if (!text.value.trim()) {
        showFormError(error, t('noteEmpty'));
        text.focus();
        return;
      }
      button.disabled = true;
      try {
        await api('POST', `threads/${thread.id}/notes`, { text: text.value });
        text.value = '';
        delete state.drafts[`note-${thread.id}`];
        announce(t('noteSaved'));
        await saved();
      } catch (failure) {
        showFormError(error, describeError(failure));
      } finally {
        button.disabled = false;
      }
    });
    return form;
  }

  // --- initiatives ---------------------------------------------------------------------------------

  async function renderInitiatives(token) {
    const f = state.initiativeFilter;
    const status = select([['', t('all')], ...state.statuses.map((s) => [s.key, initiativeStatus(s.key)])], f.status, { name: 'status' });
    const theme = h('select', { name: 'theme' });
    const hood = h('select', { name: 'neighbourhood' });
    const form = h('form', { class: 'filters', role: 'search', 'aria-label': t('filters') },
      field(t('filterStatus'), status), field(t('theme'), theme), field(t('neighbourhood'), hood));
    const count = h('p', { class: 'count' });
    const table = h('table', { class: 'initiatives' });
    fill(main(), h('h1', { id: 'initiatives-title' }, t('initiativesTitle')), form, count, table);

    const options = (el, list, current) => {
      el.replaceChildren(h('option', { value: '' }, t('all')), ...list.map((x) => h('option', { value: x.key }, x[state.lang] || x.key)));
      el.value = current;
    };
    options(theme, state.themes, f.theme);
    options(hood, state.neighbourhoods, f.neighbourhood);
    const refresh = async () => {
      const items = await api('GET', 'initiatives' + query(state.initiativeFilter));
      if (token !== state.viewToken) return;
      drawInitiatives(table, count, items);
    };
    const changed = () => {
      state.initiativeFilter = { status: status.value, theme: theme.value, neighbourhood: hood.value };
      refresh().catch((error) => alertMessage(describeError(error)));
    };
    form.addEventListener('submit', (event) => { event.preventDefault(); changed(); });
    for (const control of [status, theme, hood]) control.addEventListener('change', changed);
    await refresh();
  }

  function drawInitiatives(table, count, items) {
    count.textContent = items.length === 1 ? t('initiativeCountOne') : t('initiativeCount', { n: items.length });
    const head = h('thead', null, h('tr', null,
      [t('ref'), t('title'), t('theme'), t('neighbourhood'), t('status'), t('supports'), t('updatedAt')].map((c) => h('th', { scope: 'col' }, c))));
    const body = h('tbody', null, items.length === 0
      ? h('tr', null, h('td', { colspan: '7' }, t('noInitiatives')))
      : items.map((i) => h('tr', null,
        h('td', null, h('a', { href: `#/initiatives/${encodeURIComponent(i.ref)}` }, i.ref)),
        h('td', { dir: 'auto' }, i.title),
        h('td', null, themeName(i.theme)),
        h('td', null, neighbourhoodName(i.neighbourhood)),
        h('td', null, initiativeStatus(i.status)),
        h('td', { class: 'number' }, String(i.supports)),
        h('td', null, timeEl(i.updated_at)))));
    table.replaceChildren(h('caption', { class: 'visually-hidden' }, t('initiativesTitle')), head, body);
  }

  async function renderInitiative(token, ref) {
    const initiative = await api('GET', `initiatives/${encodeURIComponent(ref)}`);
    if (token !== state.viewToken) return;
    const row = (label, value) => [h('dt', null, label), h('dd', null, value)];
    const help = (initiative.help || []).map((x) => word(HELP, x)).join(', ') || t('helpNone');
    fill(main(),
      h('p', { class: 'back' }, h('a', { href: '#/initiatives' }, t('backToInitiatives'))),
      h('h1', { dir: 'auto' }, initiative.title),
      h('dl', { class: 'meta-list' },
        ...row(t('ref'), initiative.ref),
        ...row(t('status'), initiativeStatus(initiative.status)),
        ...row(t('submitter'), submitterLine(initiative.submitter)),
        ...unreachableRow(row, initiative.submitter && initiative.submitter.unreachable),
        ...row(t('theme'), themeName(initiative.theme)),
        ...row(t('neighbourhood'), neighbourhoodName(initiative.neighbourhood)),
        ...row(t('supports'), String(initiative.supports)),
        ...row(t('followers'), String(initiative.followers)),
        ...row(t('help'), help),
        ...(initiative.amount_cents !== null && initiative.amount_cents !== undefined ? row(t('amount'), formatMoney(initiative.amount_cents)) : []),
        ...row(t('submittedAt'), timeEl(initiative.created_at))),
      h('h2', null, t('description')),
      h('p', { class: 'text', dir: 'auto' }, initiative.description || ''),
      ...(initiative.attachments && initiative.attachments.length ? [h('h2', null, t('attachments')), attachmentList(initiative.attachments)] : []),
      questionsSection(initiative.questions || []),
      submitterThreads(initiative.threads || []),
      historySection(initiative.history || []),
      statusForm(initiative));
  }

  // "Sanne, via Telegram": officers see who submitted a plan; residents never do.
  function submitterLine(submitter) {
    if (!submitter) return t('submitterForgotten');
    const channels = (submitter.channels || []).map(channelName).join(', ') || '?';
    return tb('submitterLine', { name: submitter.name || t('submitterNoName'), channels });
  }

  // Who made a change: an officer by name, a resident as the submitter.
  function actorName(by, actor) {
    if (!by) return actor || '?';
    return by.kind === 'submitter' ? t('bySubmitter') : by.name || actor || '?';
  }

  // The answer as the officer wrote it, and the English one under it when there is one.
  function answerTexts(nl, en) {
    return [nl ? h('p', { class: 'text', dir: 'auto' }, nl) : null,
      en ? h('p', { class: 'text', dir: 'auto', lang: 'en' }, en) : null];
  }

  function historySection(history) {
    return [h('h2', null, t('history')),
      history.length === 0 ? h('p', null, t('historyEmpty')) : h('ol', { class: 'history' }, history.map((c) => {
        const vars = { from: initiativeStatus(c.from), to: initiativeStatus(c.to), actor: actorName(c.by, c.actor) };
        return h('li', null,
          h('p', null, tb(c.from ? 'historyLine' : 'historyFirst', vars), ' ', timeEl(c.at)),
          answerTexts(c.answer, c.answer_en));
      }))];
  }

  // The municipality's questions about the plan and the submitter's answers, in the order they came.
  function questionsSection(items) {
    return [h('h2', null, t('questionsAndAnswers')),
      items.length === 0 ? h('p', null, t('noQuestionsAndAnswers')) : h('ol', { class: 'questions' }, items.map((item) =>
        h('li', { class: 'entry ' + (item.kind === 'question' ? 'out' : 'in') },
          h('p', { class: 'who' },
            h('strong', null, item.kind === 'question' ? tb('questionBy', { name: actorName(item.by) }) : t('answerBySubmitter')),
            ' ', timeEl(item.at),
            item.thread_id ? [' ', h('a', { href: `#/threads/${item.thread_id}` }, t('conversation'))] : null),
          answerTexts(item.text, item.text_en))))];
  }

  function submitterThreads(threads) {
    return [h('h2', null, t('submitterThreads')),
      threads.length === 0 ? h('p', null, t('noSubmitterThreads')) : h('ul', { class: 'other-threads' }, threads.map((o) =>
        h('li', null, h('a', { href: `#/threads/${o.id}` },
          tb('questionLine', { text: o.first_question || t('noQuestionText'), status: threadStatus(o.status), when: formatTime(o.created_at) })))))];
  }

  // "de indiener, 2 volgers en 1 groepschat van een werkgroep": who hears of a status change; empty
  // when nobody does.
  function notified(notifies) {
    if (!notifies) return '';
    const who = [];
    if (notifies.submitter) who.push(t('whoSubmitter'));
    if (notifies.followers) who.push(notifies.followers === 1 ? t('whoFollowersOne') : t('whoFollowers', { n: notifies.followers }));
    if (notifies.group_chats) who.push(notifies.group_chats === 1 ? t('whoChatsOne') : t('whoChats', { n: notifies.group_chats }));
    if (who.length < 2) return who.join('');
    return `${who.slice(0, -1).join(', ')} ${t('and')} ${who[who.length - 1]}`;
  }

  function statusForm(initiative) {
    const heading = h('h2', { id: 'change-status-title' }, t('changeStatus'));
    const next = initiative.next_statuses || [];
    if (next.length === 0) return h('section', { 'aria-labelledby': heading.id }, heading, h('p', null, t('finalStatus')));
    const error = formError();
    // Nothing is chosen for the officer: a status that tells residents something is a decision.
    const status = select([['', t('chooseStatus')], ...next.map((s) => [s, initiativeStatus(s)])], '', { name: 'status', id: 'new-status' });
    const answer = h('textarea', { name: 'answer', rows: '5', id: 'answer-text' });
    const answerEn = h('textarea', { name: 'answer_en', rows: '5', id: 'answer-en-text', lang: 'en' });
    const button = h('button', { type: 'submit' }, t('save'));
    const confirmBox = h('div', { class: 'confirm', id: 'confirm-status', hidden: true });
    const needsAnswer = () => ANSWER_REQUIRED.includes(status.value);
    const mark = () => {
      if (needsAnswer()) answer.setAttribute('aria-required', 'true');
      else answer.removeAttribute('aria-required');
      confirmBox.hidden = true;
    };
    status.addEventListener('change', mark);
    mark();
    const form = h('form', { class: 'status-form', 'aria-labelledby': heading.id, novalidate: true },
      heading, error, field(t('newStatus'), status), field(t('answer'), answer, t('answerHint')),
      field(t('answerEn'), answerEn, t('answerEnHint')), button, confirmBox);

    const send = async () => {
      button.disabled = true;
      try {
        const body = { status: status.value };
        if (answer.value.trim()) body.answer = answer.value;
        if (answerEn.value.trim()) body.answer_en = answerEn.value;
        await api('PATCH', `initiatives/${encodeURIComponent(initiative.ref)}`, body);
        await show(false);
        announce(t('statusChanged'));
        focusHeading();
      } catch (failure) {
        confirmBox.hidden = true;
        showFormError(error, refusal(failure));
        button.disabled = false;
        (failure.status === 400 ? answer : status).focus();
      }
    };
    // People who hear of the change are asked about first, on the page itself.
    const confirmFirst = (who) => {
      const yes = h('button', { type: 'button', id: 'confirm-yes' }, t('confirmYes'));
      const no = h('button', { type: 'button', class: 'secondary', id: 'confirm-no' }, t('confirmNo'));
      yes.addEventListener('click', send);
      no.addEventListener('click', () => { confirmBox.hidden = true; status.focus(); });
      fill(confirmBox, h('p', { id: 'confirm-text' }, t('confirmNotify', { who })), h('div', { class: 'actions' }, yes, no));
      confirmBox.hidden = false;
      yes.focus();
    };
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      showFormError(error, '');
      answer.removeAttribute('aria-invalid');
      if (!status.value) {
        showFormError(error, t('statusMissing'));
        status.focus();
        return;
      }
      if (needsAnswer() && !answer.value.trim() && !answerEn.value.trim()) {
        showFormError(error, t('answerRequired'));
        answer.setAttribute('aria-invalid', 'true');
        answer.focus();
        return;
      }
      const who = notified(initiative.notifies);
      if (who) confirmFirst(who);
      else send();
    });
    return form;
  }

  // Why a status change was refused; a status that cannot follow names the ones that can.
  function refusal(failure) {
    if (failure.status === 400 && /answer/.test(failure.detail)) return t('answerRequired');
    if (failure.status === 409 && Array.isArray(failure.allowed)) {
      const allowed = failure.allowed.map(initiativeStatus).join(', ');
      return allowed ? `${t('conflict')} ${t('allowedNow', { list: allowed })}` : `${t('conflict')} ${t('finalStatus')}`;
    }
    return describeError(failure);
  }

  // --- canned responses ----------------------------------------------------------------------------

  async function renderCanned(token) {
    const items = await api('GET', 'canned');
    if (token !== state.viewToken) return;
    const list = h('ul', { class: 'canned-list' });
    const draw = (entries) => {
      list.replaceChildren(...(entries.length === 0 ? [h('li', { class: 'empty' }, t('cannedEmpty'))] : entries.map((item) => {
        const quoted = () => [' "', h('bdi', null, item.title), '"'];
        const edit = h('button', { type: 'button', class: 'secondary' }, t('cannedEdit'), hiddenText(quoted()));
        const remove = h('button', { type: 'button', class: 'secondary' }, t('cannedDelete'), hiddenText(quoted()));
        const li = h('li', { class: 'canned' }, h('h2', { dir: 'auto' }, item.title), h('p', { class: 'text', dir: 'auto' }, item.text), h('div', { class: 'actions' }, edit, remove));
        edit.addEventListener('click', () => {
          const form = cannedForm(item, async (fields) => {
            await api('PUT', `canned/${encodeURIComponent(item.id)}`, fields);
            announce(t('cannedSaved'));
            await reload();
          }, () => { draw(current); });
          li.replaceChildren(form);
          form.querySelector('input').focus();
        });
        remove.addEventListener('click', async () => {
          try {
            await api('DELETE', `canned/${encodeURIComponent(item.id)}`);
            announce(t('cannedDeleted'));
            await reload();
            focusHeading();
          } catch (error) {
            alertMessage(describeError(error));
          }
        });
        return li;
      })));
    };
    let current = items;
    const reload = async () => {
      current = await api('GET', 'canned');
      draw(current);
    };
    const add = cannedForm(null, async (fields) => {
      await api('POST', 'canned', fields);
      announce(t('cannedAdded'));
      await reload();
    });
    fill(main(), h('h1', null, t('cannedTitle')), h('p', null, t('cannedIntro')), list, add);
    draw(items);
  }

  // The form for a new (item null) or changed canned response; `cancel` only when changing.
  function cannedForm(item, save, cancel) {
    const error = formError();
    const title = h('input', { type: 'text', name: 'title', value: item ? item.title : '' });
    const text = h('textarea', { name: 'text', rows: '4' });
    text.value = item ? item.text : '';
    const heading = h('h2', { id: nextId('canned-form') }, item ? tb('cannedEditOf', { title: item.title }) : t('cannedNew'));
    const submit = h('button', { type: 'submit' }, item ? t('cannedSave') : t('cannedAdd'));
    const form = h('form', { class: 'canned-form', 'aria-labelledby': heading.id, novalidate: true },
      heading, error, field(t('cannedTitleLabel'), title), field(t('cannedTextLabel'), text), submit);
    if (cancel) {
      const back = h('button', { type: 'button', class: 'secondary' }, t('cannedCancel'));
      back.addEventListener('click', cancel);
      form.append(back);
    }
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      showFormError(error, '');
      if (!title.value.trim() || !text.value.trim()) {
        showFormError(error, t('cannedIncomplete'));
        (title.value.trim() ? text : title).focus();
        return;
      }
      submit.disabled = true;
      try {
        await save({ title: title.value.trim(), text: text.value });
        if (!item) {
          title.value = '';
          text.value = '';
        }
      } catch (failure) {
        showFormError(error, describeError(failure));
      } finally {
        submit.disabled = false;
      }
    });
    return form;
  }

  // --- workgroups ----------------------------------------------------------------------------------

  async function renderWorkgroups(token) {
    const groups = await api('GET', 'workgroups');
    if (token !== state.viewToken) return;
    fill(main(), h('h1', null, t('workgroupsTitle')),
      ...(groups.length === 0 ? [h('p', null, t('workgroupsEmpty'))] : groups.map(workgroupSection)),
      newWorkgroupForm());
  }

  function newWorkgroupForm() {
    const heading = h('h2', { id: nextId('new-workgroup') }, t('newWorkgroup'));
    const error = formError();
    const name = h('input', { type: 'text', name: 'name', required: true, maxlength: '100' });
    const theme = select([['', '–'], ...state.themes.map((x) => [x.key, x[state.lang] || x.key])], '', { name: 'theme', required: true });
    const description = h('textarea', { name: 'description', rows: '2' });
    const form = h('form', { class: 'new-workgroup', novalidate: true, 'aria-labelledby': heading.id }, error,
      field(t('workgroupName'), name), field(t('theme'), theme), field(t('workgroupDescription'), description),
      h('button', { type: 'submit' }, t('createWorkgroup')));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      showFormError(error, '');
      if (!name.value.trim() || !theme.value) {
        showFormError(error, t('workgroupIncomplete'));
        (name.value.trim() ? theme : name).focus();
        return;
      }
      try {
        const made = await api('POST', 'workgroups', { name: name.value.trim(), theme: theme.value, description: description.value });
        await show(false);
        announce(tb('workgroupCreated', { name: made.name }));
      } catch (failure) {
        showFormError(error, describeError(failure));
      }
    });
    return h('section', { 'aria-labelledby': heading.id }, heading, form);
  }

  function unlinkButton(group, chat) {
    const label = `${channelName(chat.channel)}: ${chat.address}`;
    const button = h('button', { type: 'button', class: 'secondary' }, t('unlinkChat'),
      hiddenText(tb('unlinkChatFor', { chat: label, name: group.name })));
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        await api('DELETE', `workgroups/${encodeURIComponent(group.id)}/chats/${encodeURIComponent(chat.channel)}/${encodeURIComponent(chat.address)}`);
        await show(false);
        announce(t('chatUnlinked'));
      } catch (failure) {
        alertMessage(describeError(failure));
        button.disabled = false;
      }
    });
    return button;
  }

  function workgroupSection(group) {
    const heading = h('h2', { id: nextId('workgroup'), dir: 'auto' }, group.name);
    const row = (label, value) => [h('dt', null, label), h('dd', null, value)];
    const chats = group.chats || [];
    const codeBox = h('p', { class: 'code', 'aria-live': 'polite' });
    const codeButton = h('button', { type: 'button', class: 'secondary' }, t('linkCode'), hiddenText(tb('linkCodeFor', { name: group.name })));
    codeButton.addEventListener('click', async () => {
      codeButton.disabled = true;
      try {
        const made = await api('POST', `workgroups/${encodeURIComponent(group.id)}/link-code`);
        codeBox.textContent = t('linkCodeMade', { code: made.code, when: formatTime(made.expires_at) });
      } catch (error) {
        codeBox.textContent = describeError(error);
      } finally {
        codeButton.disabled = false;
      }
    });
    const error = formError();
    const text = h('textarea', { name: 'broadcast', rows: '3' });
    const send = h('button', { type: 'submit' }, t('broadcastButton'));
    const form = h('form', { class: 'broadcast', novalidate: true }, error, field(tb('broadcastLabel', { name: group.name }), text), send);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      showFormError(error, '');
      if (!text.value.trim()) {
        showFormError(error, t('broadcastEmpty'));
        text.focus();
        return;
      }
      send.disabled = true;
      try {
        const result = await api('POST', `workgroups/${encodeURIComponent(group.id)}/broadcasts`, { text: text.value });
        text.value = '';
        announce(t('broadcastSent', { n: result.recipients }));
      } catch (failure) {
        showFormError(error, describeError(failure));
      } finally {
        send.disabled = false;
      }
    });
    return h('section', { class: 'workgroup', 'aria-labelledby': heading.id }, heading,
      group.description ? h('p', null, group.description) : null,
      h('dl', { class: 'meta-list' }, ...row(t('theme'), themeName(group.theme || '')), ...row(t('members'), String(group.members))),
      h('h3', null, t('chats')),
      chats.length === 0 ? h('p', null, t('noChats'))
        : h('ul', { class: 'chats' }, chats.map((c) => h('li', null, `${channelName(c.channel)}: ${c.address} `, unlinkButton(group, c)))),
      h('div', { class: 'actions' }, codeButton), codeBox, form);
  }

  // --- reports -------------------------------------------------------------------------------------

  async function renderReports(token) {
    const range = state.reportRange;
    const error = formError();
    const from = h('input', { type: 'date', name: 'from', value: range.from, id: 'report-from' });
    const to = h('input', { type: 'date', name: 'to', value: range.to, id: 'report-to' });
    const heading = h('h2', { id: 'report-period' }, t('reportsPeriod'));
    const form = h('form', { class: 'filters report-range', 'aria-labelledby': heading.id, novalidate: true },
      error, field(t('reportsFrom'), from), field(t('reportsTo'), to), h('button', { type: 'submit' }, t('reportsShow')));
    const figures = h('div', { class: 'figures' });
    const draw = async () => {
      const report = await api('GET', 'reports/summary' + query(state.reportRange));
      if (token !== state.viewToken) return false;
      drawReport(figures, report);
      return true;
    };
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      showFormError(error, '');
      if (from.value && to.value && from.value > to.value) {
        showFormError(error, t('reportsRangeWrong'));
        from.focus();
        return;
      }
      state.reportRange = { from: from.value, to: to.value };
      try {
        if (await draw()) announce(t('reportsShown'));
      } catch (failure) {
        showFormError(error, describeError(failure));
      }
    });
    if (!(await draw())) return;
    fill(main(), h('h1', null, t('reportsTitle')), h('section', { 'aria-labelledby': heading.id }, heading, form), figures);
  }

  // The figures of one period; the CSV link downloads the same period.
  function drawReport(figures, report) {
    const initiatives = report.initiatives || {};
    const questions = report.questions || {};
    const row = (label, value) => [h('dt', null, label), h('dd', null, value)];
    const lifecycle = state.statuses.map((s) => s.key);
    fill(figures,
      h('dl', { class: 'meta-list totals' },
        ...row(t('reportsInitiatives'), String(initiatives.total ?? 0)),
        ...row(t('reportsSupports'), String(report.supports ?? 0)),
        ...row(t('reportsQuestions'), String(questions.total ?? 0)),
        ...row(t('reportsFirstResponse'), formatDuration(report.median_first_response_seconds)),
        ...row(t('reportsResolution'), formatDuration(report.median_resolution_seconds))),
      barChart(t('reportsByStatus'), initiatives.by_status, initiativeStatus, lifecycle),
      barChart(t('reportsByTheme'), initiatives.by_theme, themeName),
      barChart(t('reportsByNeighbourhood'), initiatives.by_neighbourhood, neighbourhoodName),
      barChart(t('reportsByChannel'), questions.by_channel, channelName),
      h('p', null, h('a', { href: '/api/v1/reports/initiatives.csv' + query(state.reportRange), download: 'initiatives.csv' }, t('reportsCsv'))));
  }

  // A horizontal bar chart as an SVG image with a text alternative, and the numbers as a list.
  // Bars run largest first, or in `order` (the states of a plan in the order of their life) when given.
  function barChart(title, counts, label, order) {
    const heading = h('h2', { id: nextId('chart') }, title);
    const rank = (key) => (order && order.includes(key) ? order.indexOf(key) : Infinity);
    const entries = Object.entries(counts || {}).sort((a, b) => (order ? rank(a[0]) - rank(b[0]) : 0) || b[1] - a[1]);
    if (entries.length === 0) return h('section', { 'aria-labelledby': heading.id }, heading, h('p', null, t('reportsNone')));
    const max = Math.max(1, ...entries.map(([, n]) => n));
    const barHeight = 24;
    const gap = 8;
    const labelWidth = 180;
    const width = 560;
    const height = entries.length * (barHeight + gap);
    const chart = svg('svg', {
      class: 'chart', viewBox: `0 0 ${width} ${height}`, width: String(width), height: String(height), 'aria-hidden': 'true', focusable: 'false',
    }, entries.map(([key, n], index) => {
      const y = index * (barHeight + gap);
      const barWidth = Math.max(2, Math.round(((width - labelWidth - 60) * n) / max));
      return svg('g', null,
        svg('text', { x: '0', y: String(y + barHeight * 0.7), class: 'chart-label' }, label(key)),
        svg('rect', { x: String(labelWidth), y: String(y), width: String(barWidth), height: String(barHeight), class: 'chart-bar' }),
        svg('text', { x: String(labelWidth + barWidth + 8), y: String(y + barHeight * 0.7), class: 'chart-value' }, String(n)));
    }));
    const table = h('ul', { class: 'visually-hidden' }, entries.map(([key, n]) => h('li', null, `${label(key)}: ${n}`)));
    return h('section', { class: 'report', 'aria-labelledby': heading.id }, heading, chart, table);
  }

  // --- start ---------------------------------------------------------------------------------------

  async function start() {
    renderFrame();
    try {
      const session = await api('GET', 'session');
      await signedIn(session);
    } catch (_) {
      state.officer = null;
    }
    if (!state.officer) {
      renderLogin();
      return;
    }
    await show(false);
  }

  start();
}());
