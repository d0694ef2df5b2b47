/* SPDX-License-Identifier: GPL-3.0-or-later
 * stopwords.c: the language table and per-language stopword sets.
 *
 * One row per language precis knows: every language libstemmer has, plus
 * Vietnamese (words are syllables; no stemmer), Chinese and Japanese (no
 * spaces; character bigrams).  The stopword lists are short, hand-written
 * lists of function words (articles, pronouns, auxiliaries, prepositions,
 * conjunctions, reporting verbs), case-folded and NFC, as the tokenizer folds.
 * They serve three purposes: dropping words that carry no content from the
 * scores, identifying the language (langid.c), and telling a sentence start
 * after an abbreviation (sentences.c).
 *
 * Representation: one word map (wordmap.c) word -> 64-bit mask of languages,
 * built once per process (thread-safe, g_once) and never freed; about 2 500
 * entries.
 * Lookup is one hash of the folded word.
 */
#include "summarizer-private.h"

#include <string.h>

static const PrecisLanguage languages[] = {
    {"en", "english", "english", PRECIS_SCRIPT_LATIN, FALSE,
     "a about above after again against all also although am an "
     "and another any are around as at be because been before "
     "being below between both but by can could did do does doing "
     "done down during each either else even ever every few for "
     "from further had has have having he her here hers herself "
     "him himself his how however i if in into is it its itself "
     "just last least less like many may me might more most much "
     "must my myself neither never no nor not now of off often on "
     "once one only or other others our ours ourselves out over "
     "own per perhaps quite rather really same several shall she "
     "should since so some such than that the their theirs them "
     "themselves then there these they this those though through "
     "thus to too toward towards under until up upon us very via "
     "was we well were what whatever when where whether which "
     "while who whom whose why will with within without would yet "
     "you your yours yourself yourselves said says say according "
     "mr mrs ms"},
    {"fr", "french", "french", PRECIS_SCRIPT_LATIN, FALSE,
     "a à afin ai aie aient ainsi alors au aucun aucune aujourd "
     "auprès aussi autre autres aux avaient avais avait avant "
     "avec avez avoir avons ayant c ça car ce ceci cela celle "
     "celles celui cependant ces cet cette ceux chaque chez ci "
     "comme comment d dans de depuis des deux dès donc dont du "
     "elle elles en encore entre es est et étaient était été "
     "être eu eux fait faire fois font hors il ils j je jusqu l "
     "la là laquelle le lequel les leur leurs lors lorsque lui m "
     "ma mais me même mes moi moins mon n ne ni nos notre nous on "
     "ont or ou où par parce parmi pas pendant peu peut plus "
     "plusieurs pour pourquoi qu quand que quel quelle quelles "
     "quels qui quoi s sa sans se selon ses si sien soi soit son "
     "sont sous sur ta te tes toi ton tous tout toute toutes très "
     "tu un une vers via voici voilà vos votre vous y a-t-il dit"},
    {"de", "german", "german", PRECIS_SCRIPT_LATIN, FALSE,
     "aber alle allem allen aller alles als also am an ander "
     "andere anderen auch auf aus bei beim bin bis bist da dabei "
     "dadurch dafür dagegen daher damit dann darauf darum das "
     "dass dem den denen denn der deren des deshalb dessen die "
     "dies diese diesem diesen dieser dieses doch dort du durch "
     "ein eine einem einen einer eines er es etwa euch euer für "
     "gegen gewesen habe haben hat hatte hätte hier hin ich ihm "
     "ihn ihnen ihr ihre ihrem ihren ihrer im in indem ins ist "
     "jede jedem jeden jeder jedes jedoch jene jetzt kann kein "
     "keine können könnte man mehr mein meine mit muss musste "
     "nach nicht nichts noch nun nur ob oder ohne schon sehr sei "
     "seid sein seine seinem seinen seiner seit sich sie sind so "
     "sodass soll sollte sondern sowie über um und uns unser "
     "unter viel vom von vor während war waren warum was weil "
     "welche welchem welchen welcher welches wenn wer werde werden "
     "wie wieder will wir wird wo wurde wurden zu zum zur zwar "
     "zwischen sagte"},
    {"es", "spanish", "spanish", PRECIS_SCRIPT_LATIN, FALSE,
     "a al algo algunas algunos ante antes como con contra cual "
     "cuando de del desde donde durante e el él ella ellas ellos "
     "en entre era eran es esa esas ese eso esos esta está estaba "
     "estaban están estar este esto estos fue fueron ha había "
     "han hasta hay la las le les lo los más me mi mientras muy "
     "nada ni no nos nosotros o os otra otras otro otros para pero "
     "poco por porque que qué quien quienes se sea según ser si "
     "sí sido sin sino sobre son su sus también tan tanto te "
     "tiene tienen todo todos tu un una uno unos usted y ya yo "
     "dijo"},
    {"it", "italian", "italian", PRECIS_SCRIPT_LATIN, FALSE,
     "a ad agli ai al alla alle allo anche ancora avere aveva "
     "avevano c che chi ci come con contro cui da dagli dai dal "
     "dalla dalle dallo degli dei del dell della delle dello di "
     "dove e è ed era erano essere fa fra gli ha hanno i il in io "
     "l la le lei li lo loro lui ma mi mia mio molto ne negli nei "
     "nel nella nelle nello no noi non nostro o ogni per perché "
     "più poi può quale quali quando quanto quella quelle quelli "
     "quello questa queste questi questo se sei si sia siamo sono "
     "sta stato su sua sue sui sul sulla suo suoi tra tu tutti "
     "tutto un una uno vi voi"},
    {"pt", "portuguese", "portuguese", PRECIS_SCRIPT_LATIN, FALSE,
     "a à ao aos as às até com como da das de dela dele deles "
     "do dos e é ela elas ele eles em entre era eram essa esse "
     "esta está estão este eu foi foram há isso isto já la lhe "
     "lhes mais mas me mesmo meu minha muito na não nas nem no "
     "nos nós o os ou para pela pelas pelo pelos por quando que "
     "quem se sem ser seu seus sua suas também te tem têm ter um "
     "uma umas uns você disse segundo"},
    {"nl", "dutch", "dutch", PRECIS_SCRIPT_LATIN, FALSE,
     "aan al alle als ben bij dan dat de der deze die dit doch "
     "door dus een en er ge geen geweest haar had heb hebben heeft "
     "hem het hier hij hoe hun iets ik in is ja je kan kon kunnen "
     "maar me meer men met mij mijn moet na naar niet niets nog nu "
     "of om omdat onder ons ook op over reeds te tegen toch toen "
     "tot u uit uw van veel voor want waren was wat werd wie wij "
     "wil worden wordt zal ze zei zelf zich zij zijn zo zonder zou"},
    {"sv", "swedish", "swedish", PRECIS_SCRIPT_LATIN, FALSE,
     "alla allt att av blev bli blir de dem den denna deras dess "
     "det detta dig din dina ditt du där efter ej eller en er ett "
     "från för ha hade han hans har henne hennes hon honom hur "
     "här i icke inom inte jag ju kan kunde man med mellan men "
     "mig min mina mitt mot mycket ni nu när någon något några "
     "och om oss på samma sedan sig sin sina sitt själv skulle "
     "som så till under upp ut utan vad var vara varför varit vi "
     "vid vilka vilken vill år är än även"},
    {"da", "danish", "danish", PRECIS_SCRIPT_LATIN, FALSE,
     "ad af alle alt anden at blev blive bliver da de dem den "
     "denne der deres det dette dig din disse dog du efter eller "
     "en end er et for fra ham han hans har havde have hende "
     "hendes her hos hun hvad hvis hvor i ikke ind jeg jer kan "
     "kunne man mange med meget men mig min mine mit mod når og "
     "også om op os over på selv sig sin sine sit skal skulle "
     "som sådan thi til ud under var vi vil ville vor være "
     "været"},
    {"no", "norwegian", "norwegian", PRECIS_SCRIPT_LATIN, FALSE,
     "alle at av bare ble bli blir da de deg dei dem den denne der "
     "dere det dette di din disse du eller en enn er et ett etter "
     "for fra før ha hadde han hans har hennar henne hennes her "
     "hun hva hvis hvor i ikke ingen inn jeg kan kom kunne man "
     "mange med meg men mot mye må ned noe noen når og også om "
     "opp oss over på seg selv sin sine sitt skal skulle som så "
     "til ut uten var ved vi vil ville være vært å"},
    {"fi", "finnish", "finnish", PRECIS_SCRIPT_LATIN, FALSE,
     "ei eivät eli ennen että he heidän heitä hän hänen ja "
     "jo joka jonka jos jossa jotka kaikki kanssa kuin kun "
     "kuitenkin lisäksi me mikä minä mitä mukaan mutta myös "
     "ne niin nyt oli olivat olla on ovat se sekä sen siitä "
     "sitä sinä tai tämä tämän tässä te vaan vain voi yli "
     "yhä"},
    {"hu", "hungarian", "hungarian", PRECIS_SCRIPT_LATIN, FALSE,
     "a az azt azzal be csak de egy egyes el ellen előtt ez ezt "
     "fel hanem hogy ide is itt ki le még meg mellett mert mi "
     "mind mint mivel most nagy nem nincs ott pedig re rá sem sok "
     "szerint több úgy után valamint van vagy volt voltak és "
     "ha illetve már majd kell lesz lett"},
    {"ro", "romanian", "romanian", PRECIS_SCRIPT_LATIN, FALSE,
     "a acea aceasta această acest acesta acestea aceste acum ai "
     "al ale am are asta au avea ca că care ce cel cu cum da "
     "dacă dar de decât din după el ea ei ele este eu fi fie "
     "fost în încă între la le lor lui mai mult nici nu o pe "
     "pentru prin să se sau si și sub sunt tot toate un una unei "
     "unui unor va vor"},
    {"tr", "turkish", "turkish", PRECIS_SCRIPT_LATIN, FALSE,
     "acaba ama ancak artık aslında az bana bazı belki ben "
     "benim beri bile bir biri birkaç birşey biz bu buna bunda "
     "bundan bunu bunun çok çünkü da daha de değil diğer "
     "diye en gibi göre hem hep hepsi her hiç için ile ise "
     "kadar ki kim mi mı mu mü nasıl ne neden nerede niye o "
     "olan olarak olduğu olduğunu oldu olsa onlar onu onun şey "
     "şimdi şu tüm ve veya ya yani yine yok"},
    {"ru", "russian", "russian", PRECIS_SCRIPT_CYRILLIC, FALSE,
     "а без более бы был была были было "
     "быть в вам вас весь во вот все "
     "всего всех вы где да даже для до "
     "его ее её если есть еще ещё же за "
     "здесь и из или им их к как когда "
     "кто ли либо мне может мы на над "
     "надо не него нее неё нет ни них но "
     "ну о об однако он она они оно от "
     "очень по под при с со так также "
     "такой там те тем то того тоже той "
     "только том ты у уже хотя чего чей "
     "чем что чтобы чье чья эта эти это "
     "этого этой этом я сказал"},
    {"sr", "serbian", "serbian", PRECIS_SCRIPT_CYRILLIC, FALSE,
     "а ако али без би био била били "
     "било већ га да до док је једна "
     "један ју када као ли мене ми на "
     "над не него ни није нисам о од он "
     "она они оно по под пре са се си су "
     "та тако те то у уз чак што и за из "
     "ја ti i u je da se na za od su sa iz kao ali to biti bio "
     "bila bili nije ne koji koja koje što ili će kada još samo "
     "već a o po pre prema do"},
    {"el", "greek", "greek", PRECIS_SCRIPT_GREEK, FALSE,
     "αλλά από αυτά αυτέσ αυτή αυτό "
     "αυτοί αυτόσ αυτών για δε δεν εάν "
     "εγώ εδώ είναι είχε εκεί ενώ επί η "
     "θα κάθε και κατά με μετά μη μην να "
     "ο οι όμωσ όπου όπωσ ότι οποία "
     "οποίο οποίοσ παρά πιο πολύ που "
     "πριν προσ σαν σε στα στη στην "
     "στισ στο στον στουσ στων τα την "
     "τησ τι τισ το τον τουσ του των ωσ "
     "ένα μια"},
    {"ar", "arabic", "arabic", PRECIS_SCRIPT_ARABIC, FALSE,
     "إلى إن أن أو التي الذي الذين على "
     "عن في قد كان كانت كل لا لم لن ما مع "
     "من هذا هذه هو هي و ثم بين بعد عند "
     "حتى لكن منذ ذلك تلك أي إذا كما "
     "أيضا وقد وفي"},
    {"hy", "armenian", "armenian", PRECIS_SCRIPT_ARMENIAN, FALSE,
     "այդ այլ այն այս ես եք է էին էր եւ "
     "ըստ ին իր կամ համար հետ մենք մի "
     "մինչ որ որը որոնք որպես ու ում "
     "պետք վրա քան նա նրա նրանք բայց"},
    {"eu", "basque", "basque", PRECIS_SCRIPT_LATIN, FALSE,
     "al anitz arabera asko baina bat batean batek bati batzuei "
     "batzuek batzuetan batzuk bera beraiek berau berauek bere "
     "berori beroriek beste bezala da dago dira ditu du dute edo "
     "egin ere eta eurak ez gainera gu gutxi guzti haiei haiek "
     "haietan hainbeste hala han handik hau hori horiek hura izan "
     "ni noiz nola non nondik nongo nor nora ze zein zen zenbait "
     "zer zion zu zuek zuen zuten"},
    {"ca", "catalan", "catalan", PRECIS_SCRIPT_LATIN, FALSE,
     "a al als amb ara així aquell aquella aquelles aquells "
     "aquest aquesta aquestes aquests cap com contra de del dels "
     "des dins doncs durant el ell ella elles ells els em en entre "
     "era eren és està estan estava et fa fer fins ha han hi i "
     "jo la les li lo mai més molt na ni no nosaltres o on per "
     "però perquè poc que qui quan se segons sense ser seu seus "
     "si sobre som són també tot tots un una uns unes va van"},
    {"ga", "irish", "irish", PRECIS_SCRIPT_LATIN, FALSE,
     "a ach ag agus an ar as ba bhí cé chun de do don é faoi "
     "gach go i iad í is le leis mar mé na nach ní ó ón sa "
     "sé sí siad sin seo tá trí um"},
    {"id", "indonesian", "indonesian", PRECIS_SCRIPT_LATIN, FALSE,
     "ada adalah agar akan aku anda antara apa atau bagi bahwa "
     "banyak beberapa belum benar bisa dalam dan dari dengan di "
     "dia ia ini itu juga kami kamu karena ke kepada ketika kita "
     "lagi lebih maka masih mereka namun oleh pada para saat saja "
     "sangat satu saya sebagai sebuah sedang sejak sekarang "
     "sementara semua sendiri seperti serta setelah sudah tak "
     "tanpa telah tersebut tetapi tidak untuk yaitu yang"},
    {"lt", "lithuanian", "lithuanian", PRECIS_SCRIPT_LATIN, FALSE,
     "ar bet bus buvo dar dėl iki ir yra jau jei jie jis jo jos "
     "kad kai kaip kas kuris kuri kurie į mes nei nes nors o per "
     "po prie su tai tačiau taip tik to tu už ant apie arba be "
     "jų juos kiek mano nuo savo tas ta"},
    {"hi", "hindi", "hindi", PRECIS_SCRIPT_DEVANAGARI, FALSE,
     "और का की के है में से को "
     "पर यह था थी थे ने हैं एक "
     "भी कि जो तो हो ही या लिए "
     "कर गया रहा रहे इस उस वह "
     "वे हम आप तक साथ अपने "
     "किया कहा बाद नहीं कुछ "
     "जब तब होता होती इसके "
     "उसके"},
    {"ne", "nepali", "nepali", PRECIS_SCRIPT_DEVANAGARI, FALSE,
     "र को का की ले मा छ छन "
     "थियो थिए पनि यो त्यो हो "
     "भएको गरेको गर्न लागि "
     "भने भन्ने तथा एक यस उनी "
     "उनको उनले हुन्छ हुने "
     "गरी रहेको आफ्नो अनि तर "
     "वा नै"},
    {"ta", "tamil", "tamil", PRECIS_SCRIPT_TAMIL, FALSE,
     "ஒரு என்று மற்றும் இந்த "
     "அந்த இது அது என அவர் "
     "அவர்கள் நான் நாம் இல் "
     "உள்ள என்ற போது பின் "
     "மேலும் ஆனால் அல்லது "
     "கொண்டு வேண்டும் "
     "இருந்து இருக்கும் "
     "தான் எந்த"},
    {"yi", "yiddish", "yiddish", PRECIS_SCRIPT_HEBREW, FALSE,
     "און איז די דער דאס אין פון אויף "
     "מיט צו ער זי זיי איך מיר ניט נישט "
     "ווי וואס אז האט האבן געווען זיין "
     "אַז אויך ביי נאך פאר"},
    {"vi", "vietnamese", NULL, PRECIS_SCRIPT_LATIN, FALSE,
     "và của là có được trong những các một người "
     "cho với này đã không để khi đến từ theo tại "
     "về thì cũng như nhưng vì nên sẽ đang rất "
     "nhiều hơn ra lại còn do bị đó nào mà hay hoặc "
     "vào lên trên sau trước năm ông bà anh chị họ "
     "chúng tôi mình thế"},
    {"zh", "chinese", NULL, PRECIS_SCRIPT_HAN, TRUE,
     "的 了 是 在 和 有 也 就 都 而 及 与 着 或 我 "
     "你 他 她 它 们 这 那 之 其 为 以 于 不 没 很 "
     "还 又 把 被 让 给 从 到 对 向 等 将 已 所 会 "
     "能 可 要 说 个 一 上 中 吗 呢 吧 啊 得 地"},
    {"ja", "japanese", NULL, PRECIS_SCRIPT_KANA, TRUE,
     "の に は を た が で て と し れ さ ある "
     "いる も する から な こと として い や れる "
     "など なっ ない この ため その あっ よう "
     "また もの という あり まで られ なる へ か "
     "だ これ によって により おり より による "
     "ず なり られる において ば なかっ なく "
     "しかし について せ だっ その後 できる それ "
     "う ので なお のみ でき き つ における "
     "および いう さらに でも ら たり その他 "
     "に関する たち ます ん なら"},
};

G_STATIC_ASSERT(G_N_ELEMENTS(languages) <= 64);

guint
precis__language_count(void)
{
  return G_N_ELEMENTS(languages);
}

const PrecisLanguage *
precis__language_get(int index)
{
  if (index < 0 || (guint)index >= G_N_ELEMENTS(languages))
    return NULL;
  return &languages[index];
}

int
precis__language_lookup(const char *lang)
{
  if (lang == NULL)
    return PRECIS__LANG_UND;
  /* Accept BCP 47 tags such as "en-GB" or "pt_BR" by their first subtag. */
  gsize n = strcspn(lang, "-_");
  for (gsize i = 0; i < G_N_ELEMENTS(languages); i++) {
    if ((strlen(languages[i].code) == n &&
         g_ascii_strncasecmp(lang, languages[i].code, n) == 0) ||
        g_ascii_strcasecmp(lang, languages[i].name) == 0)
      return (int)i;
  }
  /* A few common alternatives: ISO 639-2/3 and macro-language codes. */
  static const struct {
    const char *alias;
    const char *code;
  } aliases[] = {{"nb", "no"},  {"nn", "no"},  {"eng", "en"}, {"fra", "fr"},
                 {"fre", "fr"}, {"deu", "de"}, {"ger", "de"}, {"spa", "es"},
                 {"ita", "it"}, {"por", "pt"}, {"rus", "ru"}, {"zho", "zh"},
                 {"chi", "zh"}, {"jpn", "ja"}, {"vie", "vi"}, {"in", "id"},
                 {"ji", "yi"},  {"nld", "nl"}, {"dut", "nl"}};
  for (gsize i = 0; i < G_N_ELEMENTS(aliases); i++)
    if (g_ascii_strcasecmp(lang, aliases[i].alias) == 0)
      return precis__language_lookup(aliases[i].code);
  return PRECIS__LANG_UND;
}

gboolean
precis_language_is_known(const char *lang)
{
  g_return_val_if_fail(lang != NULL, FALSE);
  return precis__language_lookup(lang) != PRECIS__LANG_UND;
}

typedef struct {
  PrecisWordMap *map; /* word -> index + 1 into masks */
  GArray *masks;      /* guint64 */
} StopTable;

static StopTable *
build_table(void)
{
  /* Built once per process and never freed. */
  StopTable *t = g_new0(StopTable, 1);
  t->map = precis__wordmap_new();
  t->masks = g_array_new(FALSE, TRUE, sizeof(guint64));
  for (gsize i = 0; i < G_N_ELEMENTS(languages); i++) {
    const char *p = languages[i].stopwords;
    while (*p) {
      gsize n = strcspn(p, " ");
      if (n > 0) {
        guint32 h = precis__wordmap_hash(p, n);
        guint32 v = precis__wordmap_lookup(t->map, p, n, h);
        if (v == 0) {
          g_array_set_size(t->masks, t->masks->len + 1);
          v = t->masks->len;
          precis__wordmap_insert(t->map, p, n, h, v);
        }
        g_array_index(t->masks, guint64, v - 1) |= G_GUINT64_CONSTANT(1) << i;
      }
      p += n;
      while (*p == ' ')
        p++;
    }
  }
  return t;
}

guint64
precis__stopword_mask(const char *word, gsize len)
{
  static StopTable *table;

  if (g_once_init_enter(&table))
    g_once_init_leave(&table, build_table());
  guint32 v = precis__wordmap_lookup(table->map, word, len,
                                     precis__wordmap_hash(word, len));
  return v ? g_array_index(table->masks, guint64, v - 1) : 0;
}
