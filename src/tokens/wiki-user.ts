import { GatewayError } from '../errors';
import type { WikiClient } from '../wiki/wiki-client';
import type { UserInfo } from './store';

/** Who a session is, as the wiki says, and which wiki says it. */
export interface WikiUser {
  readonly user: UserInfo;
  /** `siteinfo`'s `wikiid`: `dbname`, or `dbname-prefix`, as the original's WikiMap id. */
  readonly wikiId: string;
}

interface UserinfoAnswer {
  id?: number;
  name?: string;
  anon?: boolean;
  realname?: string;
  groups?: string[];
  options?: { language?: string };
}

/**
 * Asks the wiki who the holder of `cookie` is, with `meta=userinfo` (name,
 * real name, id, effective groups, language option) and `siteinfo` (wiki id,
 * content language) in one call. An empty cookie asks as anonymous.
 */
export async function askWikiUser(wiki: WikiClient, cookie: string): Promise<WikiUser> {
  let body: Record<string, unknown>;
  try {
    const answer = await wiki.api(
      {
        action: 'query',
        meta: 'userinfo|siteinfo',
        uiprop: 'groups|realname|options',
        siprop: 'general',
      },
      { cookie },
    );
    body = answer.body;
  } catch (error) {
    throw new GatewayError('mwgate-upstream-unavailable', 'userinfo-failed', { cause: error });
  }

  const query = (body.query ?? {}) as { userinfo?: UserinfoAnswer; general?: SiteGeneral };
  const info = query.userinfo;
  const general = query.general;
  if (info?.name === undefined || general?.wikiid === undefined) {
    throw new GatewayError('mwgate-upstream-unavailable', 'userinfo-unreadable');
  }
  return {
    wikiId: general.wikiid,
    user: {
      username: info.name,
      real_name: info.realname ?? '',
      id: info.id ?? 0,
      lang_code: info.options?.language ?? general.lang ?? 'en',
      groups: info.groups ?? [],
      anon: info.anon === true || !info.id,
    },
  };
}

interface SiteGeneral {
  wikiid?: string;
  lang?: string;
}

/** The wiki's id from `siteinfo`, asked once and remembered (it never changes). */
export function wikiIdSource(wiki: WikiClient): () => Promise<string> {
  let known: string | undefined;
  return async () => {
    if (known !== undefined) return known;
    known = (await askWikiUser(wiki, '')).wikiId;
    return known;
  };
}
