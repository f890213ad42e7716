<?xml version="1.0" encoding="UTF-8"?>
<!-- _layout.xsl: the frame of every page (head, header with navigation, main, footer).
     Pages import it and provide templates in the modes "title" and "content". -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:kp="urn:kundenportal" exclude-result-prefixes="kp">
  <xsl:output method="html" encoding="UTF-8" indent="no"/>

  <xsl:variable name="ctx" select="/page/ctx"/>
  <xsl:variable name="mount" select="/page/ctx/@mount"/>
  <xsl:variable name="static" select="/page/ctx/@static"/>
  <xsl:variable name="app" select="/page/@app"/>

  <xsl:template match="/">
    <html lang="{/page/@lang}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:apply-templates select="/page" mode="title"/> – <xsl:value-of select="kp:t(concat('app.', $app))"/></title>
        <link rel="stylesheet" href="{$static}/kundenportal.css"/>
        <xsl:if test="$ctx/brand/@accent-id">
          <link rel="stylesheet" href="{$mount}/accent/{$ctx/brand/@accent-id}"/>
        </xsl:if>
        <script src="{$static}/kundenportal.js" defer="defer"></script>
      </head>
      <body class="app-{$app}">
        <a class="skip" href="#main"><xsl:value-of select="kp:t('nav.skip')"/></a>
        <header class="site">
          <div class="brand">
            <xsl:if test="$app = 'portal' and $ctx/brand/@logo">
              <img class="logo" src="{$mount}/logo/{$ctx/brand/@logo}" alt=""/>
            </xsl:if>
            <span class="names">
              <span class="company"><xsl:value-of select="$ctx/@tenant"/></span>
              <span class="product"><xsl:value-of select="kp:t(concat('app.', $app))"/></span>
            </span>
          </div>
          <xsl:if test="$ctx/user">
            <nav aria-label="{kp:t('nav.main')}">
              <ul>
                <xsl:choose>
                  <xsl:when test="$app = 'admin'">
                    <li><a href="{$mount}/projects"><xsl:value-of select="kp:t('nav.projects')"/></a></li>
                    <li><a href="{$mount}/customers"><xsl:value-of select="kp:t('nav.customers')"/></a></li>
                    <li><a href="{$mount}/requests"><xsl:value-of select="kp:t('nav.requests')"/>
                      <xsl:if test="$ctx/@new-requests">
                        <xsl:text> </xsl:text><span class="badge new"><xsl:value-of select="$ctx/@new-requests"/><span class="sr"><xsl:text> </xsl:text><xsl:value-of select="kp:t('nav.requests_new')"/></span></span>
                      </xsl:if></a></li>
                    <li><a href="{$mount}/employees"><xsl:value-of select="kp:t('nav.employees')"/></a></li>
                    <li><a href="{$mount}/settings"><xsl:value-of select="kp:t('nav.settings')"/></a></li>
                    <li><a href="{$mount}/admins"><xsl:value-of select="kp:t('nav.admins')"/></a></li>
                    <li><a href="{$mount}/audit"><xsl:value-of select="kp:t('nav.audit')"/></a></li>
                  </xsl:when>
                  <xsl:otherwise>
                    <li><a href="{$mount}/"><xsl:value-of select="kp:t('nav.overview')"/></a></li>
                    <li><a href="{$mount}/account"><xsl:value-of select="kp:t('nav.account')"/></a></li>
                  </xsl:otherwise>
                </xsl:choose>
                <li>
                  <form method="post" action="{$mount}/logout" class="inline">
                    <input type="hidden" name="csrf" value="{$ctx/@csrf}"/>
                    <button type="submit" class="link"><xsl:value-of select="kp:t('nav.logout')"/>
                      (<xsl:value-of select="$ctx/user/@name"/>)</button>
                  </form>
                </li>
              </ul>
            </nav>
          </xsl:if>
        </header>
        <main id="main">
          <xsl:if test="$ctx/trial">
            <p class="alert banner" role="status" id="trial-banner">
              <xsl:choose>
                <xsl:when test="$ctx/trial/@expired = '1'"><xsl:value-of select="kp:t('trial.expired')"/></xsl:when>
                <xsl:when test="$ctx/trial/@days-left = 1"><xsl:value-of select="kp:t('trial.last_day')"/></xsl:when>
                <xsl:otherwise><xsl:value-of select="kp:t('trial.days_left', $ctx/trial/@days-left)"/></xsl:otherwise>
              </xsl:choose>
            </p>
          </xsl:if>
          <xsl:apply-templates select="/page" mode="content"/>
        </main>
        <footer class="site">
          <!-- Only on pages that can be loaded again: the answer to a form (a one-time invitation
               link, an access sheet) would be lost, or its address refuse a GET. -->
          <xsl:if test="$ctx/@query">
            <nav aria-label="{kp:t('nav.language')}" class="langs">
              <a href="?{$ctx/@query}lang=de" lang="de" hreflang="de">
                <xsl:if test="/page/@lang = 'de'"><xsl:attribute name="aria-current">true</xsl:attribute></xsl:if>Deutsch</a>
              <a href="?{$ctx/@query}lang=en" lang="en" hreflang="en">
                <xsl:if test="/page/@lang = 'en'"><xsl:attribute name="aria-current">true</xsl:attribute></xsl:if>English</a>
            </nav>
          </xsl:if>
        </footer>
      </body>
    </html>
  </xsl:template>

  <!-- Inside a field with a field-error: marks it invalid and points it at its error (and at a
       hint, if it has one) for screen readers. -->
  <xsl:template name="invalid">
    <xsl:param name="field"/>
    <xsl:param name="key"/>
    <xsl:param name="hint" select="''"/>
    <xsl:if test="string($key)"><xsl:attribute name="aria-invalid">true</xsl:attribute></xsl:if>
    <xsl:if test="string($key) or string($hint)">
      <xsl:attribute name="aria-describedby">
        <xsl:value-of select="$hint"/>
        <xsl:if test="string($key) and string($hint)"><xsl:text> </xsl:text></xsl:if>
        <xsl:if test="string($key)"><xsl:value-of select="$field"/>-error</xsl:if>
      </xsl:attribute>
    </xsl:if>
  </xsl:template>

  <!-- When an account last logged in ($at: its UTC time, empty for never), in the staff's lists
       of administrators and of portal accounts. -->
  <xsl:template name="last-login">
    <xsl:param name="at"/>
    <xsl:choose>
      <xsl:when test="string($at)"><xsl:value-of select="kp:t('login.last', kp:datetime($at))"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="kp:t('login.never')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A field's error message, tied to the field by id for screen readers (see "invalid"). -->
  <xsl:template name="field-error">
    <xsl:param name="field"/>
    <xsl:param name="key"/>
    <xsl:if test="string($key)">
      <p class="field-error" id="{$field}-error"><xsl:value-of select="kp:t($key)"/></p>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
